using ClbWorker.Hosting;

namespace ClbWorker.Development;

public static class StartBannerSetup
{
    /// <summary>In Development, prints <see cref="StartBannerLine"/>s once the server listens.</summary>
    public static WebApplicationBuilder AddStartBanner(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
            builder.Services.AddHostedService<StartBanner>();
        return builder;
    }
}
