namespace ClbWorker.Simulator;

/// <summary>Standalone run: <c>dotnet run --project src/ClbWorker.Simulator -- --urls http://127.0.0.1:18080</c>.</summary>
internal static class Program
{
    private static Task Main(string[] args) => SimulatorHost.Build(args).RunAsync();
}
