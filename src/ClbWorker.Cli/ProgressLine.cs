using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ClbWorker.Cli;

/// <summary>
/// The line a terminal shows while a command waits: elapsed time, attempts and the last DescribeTaskStatus status,
/// redrawn every second in place on standard error and erased when the wait ends. Never drawn when output is redirected.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly TextWriter terminal;
    private readonly Stopwatch clock;
    private readonly Timer timer;
    private readonly Lock gate = new();
    private string what;
    private string status = "not polled yet";

    public ProgressLine(TextWriter terminal, Stopwatch clock, string what)
    {
        (this.terminal, this.clock, this.what) = (terminal, clock, what);
        timer = new Timer(_ => Draw(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    public void Update(JsonElement task)
    {
        var attempts = task.TryGetProperty("attempts", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 0;
        var last = task.TryGetProperty("lastStatus", out var s) && s.ValueKind == JsonValueKind.Number ? TaskText.Status(s.GetInt32()) : "none yet";
        lock (gate)
        {
            what = $"task {TaskText.Id(task)}";
            status = $"{attempts} attempts, last status {last}";
        }
        Draw();
    }

    private void Draw()
    {
        lock (gate)
        {
            var elapsed = clock.Elapsed;
            terminal.Write(string.Create(CultureInfo.InvariantCulture,
                $"\rwaiting for {what}: {(int)elapsed.TotalMinutes:00}:{elapsed.Seconds:00} elapsed, {status}\u001b[K"));
            terminal.Flush();
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        lock (gate)
        {
            terminal.Write("\r\u001b[K");
            terminal.Flush();
        }
    }
}
