using System.Diagnostics;
using System.Text.Json;

namespace ClbWorker.Cli;

/// <summary>
/// Waits for a task with long polls of ClbWorker (each at most 60 s, the API's maximum) until it is final or the timeout
/// runs out. On a terminal the polls are shorter, so the progress line's attempts and status stay current.
/// </summary>
internal sealed class TaskWaiter(CliEnvironment environment)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InteractiveWait = TimeSpan.FromSeconds(5);

    /// <param name="fetch">Reads the task, waiting up to the given time for it to be final.</param>
    public async Task<JsonElement> WaitAsync(Func<TimeSpan, CancellationToken, Task<JsonElement>> fetch, TimeSpan timeout, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        var clock = Stopwatch.StartNew();
        using var progress = environment.Interactive ? new ProgressLine(environment.Error, clock, what) : null;
        while (true)
        {
            var remaining = timeout - clock.Elapsed;
            var wait = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
            var longest = environment.Interactive ? InteractiveWait : MaxWait;
            var task = await fetch(wait < longest ? wait : longest, ct);
            progress?.Update(task);
            if (TaskText.State(task) != "pending" || clock.Elapsed >= timeout)
                return task;
        }
    }
}
