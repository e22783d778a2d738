using System.Collections.Concurrent;
using System.Diagnostics;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// A .NET application run as a separate process (<c>dotnet &lt;dll&gt;</c>) with its output kept line by line.
/// Its environment holds only what the runtime needs plus what the caller passes: nothing of the test process's
/// own settings (a <c>ConnectionStrings__Postgres</c>, <c>ASPNETCORE_*</c> ...) leaks into it. Disposing kills it.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    // What `dotnet` needs to start and find the runtime; everything else is the caller's to give.
    private static readonly string[] Inherited = ["PATH", "HOME", "TMPDIR", "DOTNET_ROOT"];

    private readonly Process process;
    private readonly ConcurrentQueue<OutputLine> lines = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public IReadOnlyList<OutputLine> Lines => [.. lines];

    /// <param name="priority">Raised for a process that stands in for a remote service, whose own machine the
    /// processes under test would not slow down.</param>
    public static ChildProcess Start(string name, string assemblyPath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        ProcessPriorityClass? priority = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var key in Inherited)
        {
            if (Environment.GetEnvironmentVariable(key) is { } value)
                start.Environment[key] = value;
        }
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var child = new ChildProcess(name, new Process { StartInfo = start });
        child.process.OutputDataReceived += (_, e) => child.Keep(e.Data, "out");
        child.process.ErrorDataReceived += (_, e) => child.Keep(e.Data, "err");
        child.process.Start();
        if (priority is { } raised)
            child.process.PriorityClass = raised;
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The first output line containing <paramref name="text"/>; fails early if the process exits first.</summary>
    public async Task<OutputLine> WaitForLineAsync(string text, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var line = lines.FirstOrDefault(l => l.Text.Contains(text, StringComparison.Ordinal));
            if (line is not null)
                return line;
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} before writing \"{text}\":{Environment.NewLine}{Transcript()}");
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"{Name} did not write \"{text}\" within {within}:{Environment.NewLine}{Transcript()}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for the process to end by itself and returns its exit code; fails after <paramref name="within"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        await ExitWithinAsync(within, $"{Name} did not exit within {within}:{Environment.NewLine}{Transcript()}");
        // WaitForExitAsync also waits for the redirected output to be read to its end.
        return process.ExitCode;
    }

    private async Task ExitWithinAsync(TimeSpan within, string timedOut)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(timedOut);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, as when a machine or container dies.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; returns how long the process took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        await ExitWithinAsync(within, $"{Name} did not exit within {within} of SIGTERM.");
        return clock.Elapsed;
    }

    /// <summary>
    /// Every line so far, each prefixed with the process name and the time the test received it; lines containing
    /// <paramref name="omitting"/> are counted instead of shown.
    /// </summary>
    public string Transcript(string? omitting = null)
    {
        var omitted = omitting is null ? [] : lines.Where(l => l.Text.Contains(omitting, StringComparison.Ordinal)).ToHashSet();
        var shown = lines.Where(l => !omitted.Contains(l)).Select(l => $"[{Name} {l.At:HH:mm:ss.fff} {l.Stream}] {l.Text}");
        return string.Join(Environment.NewLine, omitted.Count == 0 ? shown : shown.Append($"[{Name}] {omitted.Count} lines with \"{omitting}\" not shown"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception error) when (error is InvalidOperationException or OperationCanceledException)
        {
            // Never started, or already gone: nothing left to stop.
        }
        process.Dispose();
    }

    private void Keep(string? text, string stream)
    {
        if (text is not null)
            lines.Enqueue(new OutputLine(DateTimeOffset.UtcNow, stream, text));
    }
}
