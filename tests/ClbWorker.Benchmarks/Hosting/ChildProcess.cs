using System.Diagnostics;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>
/// A program the harness started, its output going line by line to a log file in the work folder. Its environment
/// holds only what the runtime needs plus what the caller gives, so nothing of the harness's own settings leaks in.
/// Every child is registered with <see cref="ProcessRegistry"/>, which kills whatever is left when the harness ends.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly string[] Inherited = ["PATH", "HOME", "TMPDIR", "DOTNET_ROOT", "LANG"];

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly ProcessRegistry registry;
    private readonly Lock gate = new();
    private readonly List<string> recent = [];

    private ChildProcess(string name, Process process, StreamWriter log, string logFile, ProcessRegistry registry)
    {
        Name = name;
        LogFile = logFile;
        this.process = process;
        this.log = log;
        this.registry = registry;
    }

    public string Name { get; }

    /// <summary>The file its output goes to, one line as written.</summary>
    public string LogFile { get; }

    public int Id { get; private set; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public Task Exited => process.WaitForExitAsync();

    public static ChildProcess Start(ProcessRegistry registry, string name, string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string logFile, bool highPriority = false)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        var writer = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var child = new ChildProcess(name, new Process { StartInfo = start }, writer, logFile, registry);
        child.process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        registry.Add(child);
        child.process.Start();
        child.Id = child.process.Id;
        if (highPriority)
        {
            try
            {
                // A stand-in for a remote service must not queue its work behind the processes under measurement.
                child.process.PriorityClass = ProcessPriorityClass.High;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not allowed for this user: it runs at normal priority, and the report's machine line says who ran it.
            }
        }
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for an output line containing <paramref name="text"/>; fails with the last lines if the process exits first.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            lock (gate)
            {
                var line = recent.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
                if (line is not null)
                    return line;
            }
            if (process.HasExited)
                throw new HarnessException($"{Name} exited with code {process.ExitCode} before it wrote \"{text}\". Its last lines:\n{Tail()}");
            if (DateTimeOffset.UtcNow > deadline)
                throw new HarnessException($"{Name} did not write \"{text}\" within {within.TotalSeconds:0} s. Its last lines:\n{Tail()}");
            await Task.Delay(50, ct);
        }
    }

    /// <summary>The last lines of output, for an error message.</summary>
    public string Tail(int count = 30)
    {
        lock (gate)
            return string.Join('\n', recent.TakeLast(count));
    }

    /// <summary>
    /// SIGKILL: no chance to clean up, as when a machine or container dies. Only the signal: a tree kill would first
    /// SIGSTOP the process while it looks for children, freezing it mid-request, which is another fault than a death.
    /// </summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
            process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a service; SIGKILL if it is still there after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
            return;
        using (var term = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        registry.Remove(this);
        process.Dispose();
        lock (gate)
            log.Dispose();
    }

    /// <summary>Kills without waiting; for the registry's last-ditch cleanup.</summary>
    internal void KillNow()
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (gate)
        {
            recent.Add(line);
            // The start-up lines are what callers wait for; beyond them only a tail is needed for error messages.
            if (recent.Count > 2000)
                recent.RemoveRange(200, 1000);
            if (log.BaseStream.CanWrite)
                log.WriteLine(line);
        }
    }
}
