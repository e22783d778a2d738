using System.Security.Cryptography;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>
/// The webhook receiver as its own process, verifying every signature and recording each notification in a file
/// that survives its restarts; <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> make an outage.
/// </summary>
public sealed class ReceiverNode : IAsyncDisposable
{
    private readonly ScenarioContext context;
    private ChildProcess? process;

    private ReceiverNode(ScenarioContext context, string secret, string recordFile)
    {
        this.context = context;
        Secret = secret;
        RecordFile = recordFile;
    }

    /// <summary>The endpoint's Standard Webhooks secret (whsec_...).</summary>
    public string Secret { get; }

    public string RecordFile { get; }

    public string Url => $"http://127.0.0.1:{context.Ports.Receiver}/webhooks";

    public static async Task<ReceiverNode> StartAsync(ScenarioContext context, CancellationToken ct)
    {
        var node = new ReceiverNode(context, "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), context.NewFile("receipts", "csv"));
        await node.StartAgainAsync(ct);
        return node;
    }

    public async Task StartAgainAsync(CancellationToken ct)
    {
        var port = context.Ports.Receiver;
        process = ChildProcess.Start(context.Registry, "receiver", "dotnet",
            [
                context.Builds.ReceiverDll, "--urls", $"http://127.0.0.1:{port}", $"--Receiver:Secrets:0={Secret}",
                $"--Receiver:RecordFile={RecordFile}", "--Receiver:Kept=10", "--Logging:LogLevel:Default=Warning",
            ],
            new Dictionary<string, string>(), context.NewFile("receiver", "log"), highPriority: true);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync(Url, ct);
                if (answer.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (process.HasExited || DateTimeOffset.UtcNow > deadline)
                throw new HarnessException($"The webhook receiver did not come up on port {port}. Its last lines:\n{process.Tail()}");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Kills the receiver: senders now meet a refused connection.</summary>
    public async Task StopAsync()
    {
        if (process is not null)
        {
            await process.KillAsync();
            await process.DisposeAsync();
            process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
            await process.DisposeAsync();
    }
}
