using ClbWorker.Development;
using ClbWorker.Hosting.Configuration;

namespace ClbWorker.Tencent;

public static class TencentCredentialCheck
{
    /// <summary>
    /// Outside Development, start-up fails here unless Tencent Cloud credentials are configured, and when
    /// <c>DevSimulator:CredentialSource</c> asks for the built-in simulator: only the dev run starts it.
    /// </summary>
    /// <exception cref="ConfigurationException">Saying which keys to set.</exception>
    public static WebApplicationBuilder RequireTencentCredentials(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var tencent = configuration.GetSection(TencentOptions.SectionName).Get<TencentOptions>() ?? new TencentOptions();
        var simulatorAsked = configuration[DevelopmentRun.SimulatorCredentialSourceKey] is not null;
        if (builder.Environment.IsDevelopment() || (!simulatorAsked && (tencent.HasDefaultCredentials || tencent.Accounts.Count > 0)))
            return builder;
        throw new ConfigurationException(
            "No Tencent Cloud credentials are configured. Set Tencent:SecretId and Tencent:SecretKey (environment "
            + "Tencent__SecretId, Tencent__SecretKey), a credential source under Tencent:Credentials:Source, or named "
            + "accounts under Tencent:Accounts:<name>. Only the Development environment falls back to the built-in CLB "
            + $"simulator ({DevelopmentRun.SimulatorCredentialSourceKey} included); this one is '{builder.Environment.EnvironmentName}'.");
    }
}
