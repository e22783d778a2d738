using ClbWorker.HealthProbe;

namespace ClbWorker.WebhookReceiver;

/// <summary>Standalone run: <c>dotnet run --project src/ClbWorker.WebhookReceiver -- --urls http://127.0.0.1:18090 --Receiver:Secrets:0=whsec_...</c>.</summary>
internal static class Program
{
    private static async Task Main(string[] args)
    {
        // The container health check (the chiselled image has no shell or curl): probe and exit.
        if (await HealthProbeCommand.TryRunAsync(args, Console.Error))
            return;
        await ReceiverHost.Build(args).RunAsync();
    }
}
