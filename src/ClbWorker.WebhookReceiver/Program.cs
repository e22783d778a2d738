namespace ClbWorker.WebhookReceiver;

/// <summary>Standalone run: <c>dotnet run --project src/ClbWorker.WebhookReceiver -- --urls http://127.0.0.1:18090 --Receiver:Secrets:0=whsec_...</c>.</summary>
internal static class Program
{
    private static Task Main(string[] args) => ReceiverHost.Build(args).RunAsync();
}
