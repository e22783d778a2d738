using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using ClbWorker.UnitTests.Deployment;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>
/// A copy of the repository (its tracked files, and new ones git does not ignore) in a temporary folder, where
/// commands run with bash as a user types them at the repository's root. The folder's name is the compose project's
/// name, so nothing here meets a developer's own <c>.env</c>, <c>secrets/</c> or compose project. Disposing takes
/// down whatever compose started here, volumes included, and deletes the folder.
/// </summary>
internal sealed class RepositoryCopy : IAsyncDisposable
{
    /// <summary>How the compose projects of these copies are named; tests/containers/teardown.sh removes what they leave.</summary>
    public const string ProjectPrefix = "clbworker-compose-";

    private const string Marker = "::clbworker-step ";
    private const string InputEnd = "CLBWORKER_STEP_INPUT";

    // What a user's shell would have; not the test host's own MSBuild and test-platform variables, which would
    // change what a `dotnet run` in the copy does.
    private static readonly string[] InheritedNames = ["PATH", "HOME", "USER", "TMPDIR", "LANG", "LC_ALL", "TERM"];
    private static readonly string[] InheritedPrefixes = ["DOCKER_", "NUGET_", "DOTNET_CLI_", "DOTNET_NOLOGO", "SSL_CERT_"];

    private readonly Stopwatch lifetime = Stopwatch.StartNew();

    private RepositoryCopy(string folder) => Folder = folder;

    public string Folder { get; }

    public string ProjectName => Path.GetFileName(Folder);

    public static RepositoryCopy Create(string purpose)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"{ProjectPrefix}{purpose}-{Guid.NewGuid().ToString("N")[..8]}");
        var listing = Run("git", ["-C", Repository.Root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
        foreach (var file in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(Repository.Root, file);
            if (!File.Exists(source))
                continue; // deleted in the working tree, not yet in a commit
            var target = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
        return new RepositoryCopy(folder);
    }

    /// <summary>
    /// Runs the steps in one bash (variables carry over), stopping at the first that fails; each command is traced
    /// on standard error. Throws with the whole transcript when a step fails or time runs out.
    /// </summary>
    public async Task<ScriptRun> RunAsync(IReadOnlyList<ScriptStep> steps, TimeSpan within)
    {
        var script = new StringBuilder("set -euo pipefail\nPS4='+ '\n");
        for (var i = 0; i < steps.Count; i++)
        {
            // On a line of its own even when the step before ended its output without a newline.
            script.Append("printf '\\n%s\\n' '").Append(Marker).Append(i).Append("'\nset -x\n{ ").Append(steps[i].Command);
            script.Append(steps[i].Input is { } input ? $"\n}} <<'{InputEnd}'\n{input}\n{InputEnd}\n" : "\n} < /dev/null\n");
            script.Append("{ set +x; } 2> /dev/null\n");
        }

        var start = new ProcessStartInfo("bash") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script.ToString());
        start.Environment.Clear();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (InheritedNames.Contains(name) || InheritedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                start.Environment[name] = (string?)variable.Value;
        }

        var clock = Stopwatch.StartNew();
        var lines = new ConcurrentQueue<(DateTimeOffset At, string Stream, string Text)>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue((DateTimeOffset.UtcNow, "out", e.Data)); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue((DateTimeOffset.UtcNow, "err", e.Data)); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The steps did not finish within {within}:{Environment.NewLine}{Transcript(lines)}");
        }
        process.WaitForExit(); // the last output lines

        var outputs = Enumerable.Range(0, steps.Count).Select(_ => new StringBuilder()).ToList();
        var current = -1;
        foreach (var (_, stream, text) in lines.Where(l => l.Stream == "out"))
        {
            if (text.StartsWith(Marker, StringComparison.Ordinal))
                current = int.Parse(text[Marker.Length..], System.Globalization.CultureInfo.InvariantCulture);
            else if (current >= 0)
                outputs[current].AppendLine(text);
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Step {current + 1} of {steps.Count} failed (exit code {process.ExitCode}): {steps[Math.Max(current, 0)].Command}{Environment.NewLine}{Transcript(lines)}");
        // The newline printed before each marker is not the step's.
        return new ScriptRun(steps, [.. outputs.Select(o => o.ToString().TrimEnd('\n', '\r'))], Transcript(lines), clock.Elapsed);
    }

    /// <summary>Says in the run's output (a diagnostic message) how long a stage took, for the CI log.</summary>
    public void Report(string stage, ScriptRun run) =>
        TestContext.Current.SendDiagnosticMessage($"{ProjectName}: {stage} took {run.Elapsed.TotalSeconds:0} s");

    /// <summary>Containers, networks and volumes compose made for this copy that still exist.</summary>
    public IReadOnlyList<string> Leftovers()
    {
        var filter = $"label=com.docker.compose.project={ProjectName}";
        return [.. new[] { "container ls -a", "network ls", "volume ls" }
            .SelectMany(list => Run("docker", [.. list.Split(' '), "-q", "--filter", filter])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(id => $"{list.Split(' ')[0]} {id}"))];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync([ScriptStep.Of("docker compose --profile demo --profile production down -v --remove-orphans -t 5")], TimeSpan.FromMinutes(3));
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"Taking down compose project {ProjectName} failed: {error.Message}");
        }
        Directory.Delete(Folder, recursive: true);
        TestContext.Current.SendDiagnosticMessage($"{ProjectName}: the whole test took {lifetime.Elapsed.TotalSeconds:0} s, taking down included");
    }

    private static string Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error}");
    }

    private static string Transcript(IEnumerable<(DateTimeOffset At, string Stream, string Text)> lines) =>
        string.Join(Environment.NewLine, lines.Select(l => $"[{l.At:HH:mm:ss} {l.Stream}] {l.Text}"));
}
