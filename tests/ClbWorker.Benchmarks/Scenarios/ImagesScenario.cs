using System.Diagnostics;
using System.Globalization;
using ClbWorker.Benchmarks.Reporting;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>The container images: their size, a ClbWorker container's cold start, and what the containers hold in memory.</summary>
public sealed class ImagesScenario : IScenario
{
    private const string Script = "tests/containers/measure.sh";

    // What measure.sh prints (figure<TAB>name<TAB>value<TAB>unit), by the start of its name.
    private static readonly (string Prefix, string Key)[] Names =
    [
        ("image size ClbWorker.Simulator", "size-simulator"),
        ("image size ClbWorker.WebhookReceiver", "size-receiver"),
        ("image size ClbWorker", "size-worker"),
        ("image size ", "size-runtime"),
        ("cold start to /readyz Healthy, empty database", "cold-empty"),
        ("cold start to /readyz Healthy, migrated database", "cold-migrated"),
        ("RSS ClbWorker idle", "rss-idle"),
        ("RSS ClbWorker after polling", "rss-busy"),
        ("RSS ClbWorker peak", "rss-peak"),
        ("RSS simulator idle", "rss-simulator"),
        ("RSS webhook receiver idle", "rss-receiver"),
    ];

    public string Name => "images";
    public string Title => "the container images: size, cold start, memory";
    public int DefaultRuns => 3;

    public string Description => $"""
        `{Script}` builds the three images from `src/*/Dockerfile` (ClbWorker and the receiver on the chiselled ASP.NET
        Core runtime: no shell, no package manager, non-root, run with a read-only root file system; the SDK stays in
        the build stage), then on a network of its own starts PostgreSQL and the simulator. **Measured by Docker and
        `/proc` on the host**: image sizes, a new ClbWorker container's time from `docker run` to `/readyz` answering
        Healthy (on an empty database, migrations included, and on a migrated one), and the containers' resident memory
        idle and after polling 500 simulated tasks. Needs a Docker engine (`tests/containers/prepare.sh` starts one here);
        only this tree's images are measured, also with `--compare`.
        """;

    public IReadOnlyList<Figure> Figures { get; } =
    [
        new("size-worker", "ClbWorker image", "MB", Decimals: 0),
        new("size-simulator", "simulator image", "MB", Decimals: 0),
        new("size-receiver", "webhook receiver image", "MB", Decimals: 0),
        new("size-runtime", "the runtime image under them", "MB", Decimals: 0),
        new("cold-empty", "cold start to Healthy, empty database", "ms", Decimals: 0),
        new("cold-migrated", "cold start to Healthy, migrated database", "ms", Decimals: 0),
        new("rss-idle", "ClbWorker RSS idle", "MiB", Decimals: 0),
        new("rss-busy", "ClbWorker RSS after polling 500 tasks", "MiB", Decimals: 0),
        new("rss-peak", "ClbWorker peak RSS", "MiB", Target.Max(300), Decimals: 0),
        new("rss-simulator", "simulator RSS idle", "MiB", Decimals: 0),
        new("rss-receiver", "receiver RSS idle", "MiB", Decimals: 0),
    ];

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        if (context.Quick)
        {
            // A quick run checks invariants; image facts have none, and the container tests build and run these images anyway.
            if (context.Run == 0)
                notes.Add("Not measured in a quick run.");
            return;
        }
        if (!await SucceedsAsync("docker", ["info"], context.Builds.RepositoryRoot, ct))
        {
            if (context.Run == 0)
                notes.Add("Not measured: no Docker engine answers here (tests/containers/prepare.sh installs and starts one).");
            return;
        }
        context.Log($"{Script}: building the images and measuring one cold start");
        var output = await RunAsync("bash", [Script, "1"], context.Builds.RepositoryRoot, context.NewFile("measure", "log"), ct);
        foreach (var line in output.Where(l => l.StartsWith("figure\t", StringComparison.Ordinal)))
        {
            var fields = line.Split('\t');
            if (fields.Length < 4 || !double.TryParse(fields[2], CultureInfo.InvariantCulture, out var value))
                continue;
            var key = Names.FirstOrDefault(n => fields[1].StartsWith(n.Prefix, StringComparison.Ordinal)).Key;
            if (key is not null && record.Get(key, context.Builds.Current.Label) is null)
                record.Add(key, context.Builds.Current.Label, value);
        }
    }

    private static async Task<bool> SucceedsAsync(string program, string[] arguments, string folder, CancellationToken ct)
    {
        try
        {
            using var process = Process.Start(Info(program, arguments, folder))!;
            await process.WaitForExitAsync(ct);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task<List<string>> RunAsync(string program, string[] arguments, string folder, string logFile, CancellationToken ct)
    {
        using var process = Process.Start(Info(program, arguments, folder))!;
        var errors = process.StandardError.ReadToEndAsync(ct);
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
            lines.Add(line);
        await process.WaitForExitAsync(ct);
        await File.WriteAllLinesAsync(logFile, [.. lines, .. (await errors).Split('\n')], ct);
        if (process.ExitCode != 0)
            throw new HarnessException($"{string.Join(' ', arguments)} exited with code {process.ExitCode}; its output is in {logFile}.");
        return lines;
    }

    private static ProcessStartInfo Info(string program, string[] arguments, string folder)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        return info;
    }
}
