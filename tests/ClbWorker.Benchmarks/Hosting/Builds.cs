using System.Diagnostics;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>A published ClbWorker: the one in this working tree, or the one of a revision given with --compare.</summary>
public sealed record WorkerBuild(string Label, string Commit, string Dll);

/// <summary>
/// The published programs a run starts: ClbWorker (this tree's, and the compared revision's when asked), and this
/// tree's simulator and receiver, which observe both ClbWorkers the same way. Published in Release into the harness's
/// own bin folder, so a second run only rebuilds what changed.
/// </summary>
public sealed class Builds
{
    private Builds(string root, string commit, WorkerBuild current, WorkerBuild? before, string simulator, string receiver)
    {
        RepositoryRoot = root;
        Commit = commit;
        Current = current;
        Before = before;
        SimulatorDll = simulator;
        ReceiverDll = receiver;
    }

    public string RepositoryRoot { get; }

    /// <summary>This tree's commit, with <c>+changes</c> when the working tree differs from it.</summary>
    public string Commit { get; }

    public WorkerBuild Current { get; }

    public WorkerBuild? Before { get; }

    /// <summary>The ClbWorkers to measure, in the order of <paramref name="run"/> (alternating, so drift between the
    /// first and the second measurement of a run does not always favour the same one).</summary>
    public IReadOnlyList<WorkerBuild> ForRun(int run) =>
        Before is null ? [Current] : run % 2 == 0 ? [Current, Before] : [Before, Current];

    public string SimulatorDll { get; }

    public string ReceiverDll { get; }

    /// <summary>This program, for the baselines that run as processes of their own.</summary>
    public static string HarnessDll => typeof(Builds).Assembly.Location;

    public static async Task<Builds> PrepareAsync(HarnessOptions options, ProcessRegistry registry, string workFolder, CancellationToken ct)
    {
        var root = FindRepositoryRoot();
        var published = Path.Combine(AppContext.BaseDirectory, "published");
        var commit = (await GitAsync(root, ["rev-parse", "--short=12", "HEAD"], ct)).Trim();
        if ((await GitAsync(root, ["status", "--porcelain", "--untracked-files=no"], ct)).Trim().Length > 0)
            commit += "+changes";

        Log($"publishing ClbWorker, the simulator and the receiver of this tree ({commit}) in Release");
        var worker = await PublishAsync(Path.Combine(root, "src", "ClbWorker"), Path.Combine(published, "current", "worker"), "ClbWorker", ct);
        var simulator = await PublishAsync(Path.Combine(root, "src", "ClbWorker.Simulator"), Path.Combine(published, "simulator"), "ClbWorker.Simulator", ct);
        var receiver = await PublishAsync(Path.Combine(root, "src", "ClbWorker.WebhookReceiver"), Path.Combine(published, "receiver"), "ClbWorker.WebhookReceiver", ct);

        WorkerBuild? before = null;
        if (options.CompareWith is { } reference)
        {
            var sha = (await GitAsync(root, ["rev-parse", "--verify", "--short=12", reference + "^{commit}"], ct, $"--compare {reference} is not a revision of this repository")).Trim();
            var source = Path.Combine(workFolder, "compare-source");
            await GitAsync(root, ["worktree", "add", "--detach", source, sha], ct);
            registry.OnCleanUp($"the worktree of {reference}", () => GitAsync(root, ["worktree", "remove", "--force", source], CancellationToken.None));
            Log($"publishing ClbWorker of {reference} ({sha})");
            var dll = await PublishAsync(Path.Combine(source, "src", "ClbWorker"), Path.Combine(published, "compare", sha, "worker"), "ClbWorker", ct);
            before = new WorkerBuild(reference, sha, dll);
        }
        return new Builds(root, commit, new WorkerBuild(Reporting.ScenarioResult.ClbWorker, commit, worker), before, simulator, receiver);
    }

    private static async Task<string> PublishAsync(string project, string output, string assembly, CancellationToken ct)
    {
        var (code, text) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet"], project, ct);
        if (code != 0)
            throw new HarnessException($"dotnet publish {project} failed with exit code {code}:\n{text}");
        return Path.Combine(output, assembly + ".dll");
    }

    private static async Task<string> GitAsync(string root, string[] arguments, CancellationToken ct, string? meaning = null)
    {
        var (code, text) = await RunAsync("git", arguments, root, ct);
        if (code != 0)
            throw new HarnessException($"{meaning ?? "git " + string.Join(' ', arguments) + " failed"}: {text.Trim()}");
        return text;
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] arguments, string folder, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new HarnessException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output + await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ClbWorker.sln")))
                return folder.FullName;
        }
        throw new HarnessException($"No folder above {AppContext.BaseDirectory} holds ClbWorker.sln; run the harness from the repository with dotnet run.");
    }

    private static void Log(string line) => Console.WriteLine($"[harness] {line}");
}
