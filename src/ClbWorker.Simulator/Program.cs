using ClbWorker.HealthProbe;

namespace ClbWorker.Simulator;

/// <summary>Standalone run: <c>dotnet run --project src/ClbWorker.Simulator -- --urls http://127.0.0.1:18080</c>.</summary>
internal static class Program
{
    private static async Task Main(string[] args)
    {
        // The container health check (the chiselled image has no shell or curl): probe and exit.
        if (await HealthProbeCommand.TryRunAsync(args, Console.Error))
            return;
        await SimulatorHost.Build(args).RunAsync();
    }
}
