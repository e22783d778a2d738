using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// The CLB simulator as its own process, so that the arrival times it records are not disturbed by the test
/// process. It binds a free loopback port (the OS picks it, no race) and announces it in its start-up banner.
/// </summary>
internal sealed partial class SimulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private SimulatorProcess(ChildProcess process, Uri baseAddress, string secretId)
    {
        Process = process;
        BaseAddress = baseAddress;
        SecretId = secretId;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    public string SecretId { get; }

    private HttpClient Http { get; }

    /// <summary>Starts a simulator that accepts one credential and limits each key to the default 20 requests per second.</summary>
    public static async Task<SimulatorProcess> StartAsync(string secretId, string secretKey)
    {
        var process = ChildProcess.Start("simulator", BuiltAssemblies.PathOf("ClbWorker.Simulator"),
            [
                "--urls", "http://127.0.0.1:0",
                $"--Simulator:Credentials:0:SecretId={secretId}",
                $"--Simulator:Credentials:0:SecretKey={secretKey}",
                "--Logging:Console:FormatterName=simple",
                "--Logging:Console:FormatterOptions:SingleLine=true",
            ],
            new Dictionary<string, string>(),
            // Tencent Cloud's servers do not share our cores: on this one machine the simulator must not queue
            // requests behind the workers' CPU, or it would stamp their arrivals in bursts no network produces.
            ProcessPriorityClass.High);
        try
        {
            var banner = await process.WaitForLineAsync("simulator listening on", StartTimeout);
            return new SimulatorProcess(process, new Uri(ListeningOn().Match(banner.Text).Groups["url"].Value), secretId);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers tasks with one outcome and delay; returns their ids.</summary>
    public async Task<string[]> CreateTasksAsync(int count, TimeSpan delay, string outcome)
    {
        using var response = await Http.PostAsJsonAsync("/_sim/tasks",
            new { count, delay = delay.ToString("c"), outcome }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedTasks>(TestContext.Current.CancellationToken);
        return [.. created!.Tasks.Select(t => t.TaskId)];
    }

    /// <summary>Accepts this key pair from now on, replacing the key of a SecretId it knows (<c>POST /_sim/credentials</c>).</summary>
    public async Task PutCredentialAsync(string secretId, string secretKey)
    {
        using var response = await Http.PostAsJsonAsync("/_sim/credentials", new { secretId, secretKey }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Traffic of the poller's key (SecretId, Host header, DescribeTaskStatus), or null before its first request.</summary>
    public async Task<SimulatorKeyTraffic?> PollerTrafficAsync()
    {
        var stats = await Http.GetFromJsonAsync<Stats>("/_sim/stats", TestContext.Current.CancellationToken);
        return stats!.Keys.SingleOrDefault(k =>
            k.SecretId == SecretId && k.Host == BaseAddress.Authority && k.Action == "DescribeTaskStatus");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }

    [GeneratedRegex(@"listening on (?<url>http://[^\s,]+)")]
    private static partial Regex ListeningOn();

    private sealed record CreatedTask(string TaskId);

    private sealed record CreatedTasks(List<CreatedTask> Tasks);

    private sealed record Stats(List<SimulatorKeyTraffic> Keys);
}
