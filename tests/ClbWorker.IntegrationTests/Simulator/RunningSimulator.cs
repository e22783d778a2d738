using System.Net.Http.Json;
using ClbWorker.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.IntegrationTests.Simulator;

/// <summary>A simulator embedded in the test process on a free loopback port, with a client for it.</summary>
internal sealed class RunningSimulator : IAsyncDisposable
{
    /// <summary>Fake clocks start here: a fixed, ordinary instant.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private RunningSimulator(WebApplication app, TimeProvider time)
    {
        App = app;
        Time = time;
        BaseAddress = SimulatorHost.BaseAddress(app);
        State = app.Services.GetRequiredService<SimulatorState>();
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }
    public TimeProvider Time { get; }
    public Uri BaseAddress { get; }
    public SimulatorState State { get; }
    public HttpClient Http { get; }

    /// <summary>The fake clock; only for simulators started with one.</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)Time;

    public static async Task<RunningSimulator> StartAsync(SimulatorOptions? options = null, TimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(Epoch);
        var app = SimulatorHost.Build(options ?? TestCredentials.Options(), timeProvider: time);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RunningSimulator(app, time);
    }

    public Task<HttpResponseMessage> SendAsync(SignedCall call) => SendCancellableAsync(call, TestContext.Current.CancellationToken);

    /// <summary>Sends with the caller's token, for tests that play a client giving up.</summary>
    public async Task<HttpResponseMessage> SendCancellableAsync(SignedCall call, CancellationToken cancellationToken)
    {
        using var message = call.ToMessage(BaseAddress, Time);
        return await Http.SendAsync(message, cancellationToken);
    }

    public async Task<ApiAnswer> CallAsync(SignedCall call)
    {
        using var response = await SendAsync(call);
        return await ApiAnswer.ReadAsync(response);
    }

    public async Task<IReadOnlyList<string>> CreateTasksAsync(object request)
    {
        using var response = await Http.PostAsJsonAsync("/_sim/tasks", request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedTasks>(TestContext.Current.CancellationToken);
        return created!.Tasks.Select(t => t.TaskId).ToList();
    }

    public async Task<string> CreateTaskAsync(object request) => (await CreateTasksAsync(request)).Single();

    public SimulatorKeyStats StatsFor(SimulatorCredential credential, string action = "DescribeTaskStatus") =>
        State.GetStats().For(credential.SecretId, BaseAddress.Authority, action)
        ?? throw new InvalidOperationException($"No traffic recorded for {credential.SecretId} {action}.");

    /// <summary>Waits (on real time, briefly) until the server has reached a state the test needs to act on.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// True when <paramref name="pending"/> has not finished within a short real-time grace: long enough for a
    /// server that wrongly released a request to answer over loopback.
    /// </summary>
    public static async Task<bool> StillPendingAsync(Task pending)
    {
        await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken));
        return !pending.IsCompleted;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }

    private sealed record CreatedTask(string TaskId);

    private sealed record CreatedTasks(List<CreatedTask> Tasks);
}
