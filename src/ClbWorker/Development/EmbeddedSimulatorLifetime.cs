namespace ClbWorker.Development;

/// <summary>Announces the built-in simulator at start and stops it with the host.</summary>
internal sealed class EmbeddedSimulatorLifetime(EmbeddedSimulator simulator, ILogger<EmbeddedSimulatorLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "No Tencent Cloud credentials configured: polling the built-in CLB simulator at {Address} with credentials made up for this run, "
            + "through the {Source} credential source (DevSimulator:CredentialSource). Create simulated tasks with POST {Address}_sim/tasks; "
            + "set Tencent:SecretId and Tencent:SecretKey, or Tencent:Credentials:Source, to poll Tencent Cloud.",
            simulator.Address, simulator.CredentialSource, simulator.Address);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await simulator.App.StopAsync(cancellationToken);
        await simulator.App.DisposeAsync();
    }
}
