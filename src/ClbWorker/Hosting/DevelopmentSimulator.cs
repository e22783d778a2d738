using System.Security.Cryptography;
using ClbWorker.Simulator;
using ClbWorker.Tencent;

namespace ClbWorker.Hosting;

/// <summary>
/// Where polls go when no Tencent Cloud credentials are configured: in Development, to the built-in CLB
/// simulator started in this process with credentials made up for the run; anywhere else, nowhere (start-up fails).
/// </summary>
public static class DevelopmentSimulator
{
    /// <summary>Address of the built-in simulator (<c>DevSimulator:Url</c>); a taken port falls back to any free one.</summary>
    public const string UrlKey = "DevSimulator:Url";
    public const string DefaultUrl = "http://127.0.0.1:18080";

    public static async Task AddTencentEndpointAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        var tencent = builder.Configuration.GetSection(TencentOptions.SectionName).Get<TencentOptions>() ?? new TencentOptions();
        if (tencent.HasDefaultCredentials || tencent.Accounts.Count > 0)
            return;
        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No Tencent Cloud credentials are configured. Set Tencent:SecretId and Tencent:SecretKey (environment "
                + "Tencent__SecretId, Tencent__SecretKey), or named accounts under Tencent:Accounts:<name>. Only the "
                + $"Development environment falls back to the built-in CLB simulator; this one is '{builder.Environment.EnvironmentName}'.");
        }

        var credential = new SimulatorCredential
        {
            SecretId = "AKIDDEV" + Convert.ToHexString(RandomNumberGenerator.GetBytes(15)),
            SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
        };
        var options = new SimulatorOptions();
        options.Credentials.Add(credential);
        var simulator = await StartAsync(options, builder.Configuration[UrlKey] ?? DefaultUrl, ct);
        var address = SimulatorHost.BaseAddress(simulator);

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tencent:SecretId"] = credential.SecretId,
            ["Tencent:SecretKey"] = credential.SecretKey,
            ["Tencent:Endpoint"] = address.ToString(),
        });
        builder.Services.AddSingleton(new EmbeddedSimulator(simulator, address));
        builder.Services.AddSingleton(new StartBannerLine(40, "CLB simulator", address.ToString(), $"POST {address}_sim/tasks creates simulated tasks"));
        builder.Services.AddHostedService<EmbeddedSimulatorLifetime>();
    }

    private static async Task<WebApplication> StartAsync(SimulatorOptions options, string url, CancellationToken ct)
    {
        var simulator = SimulatorHost.Build(options, url);
        try
        {
            await simulator.StartAsync(ct);
            return simulator;
        }
        catch (IOException) when (url != SimulatorHost.DefaultUrl)
        {
            // The preferred port is taken (another dev run?): any free port will do, the banner prints it.
            await simulator.DisposeAsync();
            return await StartAsync(options, SimulatorHost.DefaultUrl, ct);
        }
    }
}
