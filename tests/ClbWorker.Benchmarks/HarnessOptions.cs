using System.Globalization;

namespace ClbWorker.Benchmarks;

/// <summary>
/// What one invocation of the harness runs, parsed from its command line. Every mistake is reported with what was
/// wrong and what is allowed, before anything is started.
/// </summary>
public sealed record HarnessOptions(
    IReadOnlyList<string> Scenarios,
    bool Quick,
    int? Runs,
    string? CompareWith,
    string? OutputFile,
    int PortBase,
    bool KeepWorkFolder)
{
    public const int DefaultPortBase = 47100;
    public const int MaxRuns = 20;
    /// <summary>Ports a run may take from the base: the simulator, the receiver, a baseline and up to 90 workers.</summary>
    public const int PortsUsed = 100;

    public const string Usage = """
        Usage: dotnet run -c Release --project tests/ClbWorker.Benchmarks -- <scenario>[,<scenario>...]|all [options]

        Scenarios: rate, lag, throughput, accounts, enqueue, claim, waiters, chaos, images (or all, in that order).
        Options:
          --quick             every scenario at a small size (under 4 minutes in all); exits 1 when a hard
                              invariant breaks (a 1-s window over the limit, a lost or wrong task, a lost notification)
          --runs N            runs per scenario, 1 to 20 (default: each scenario's own, 1 with --quick)
          --compare REF       also measure the ClbWorker of git revision REF (a commit, branch or tag), side by side
                              in the same runs, with before/after ratios
          --out FILE          where the report goes (default docs/benchmarks.md for a full run; --quick writes none
                              unless --out is given); sections of scenarios not run are kept
          --port-base P       first of the 100 loopback ports the run uses, 1024 to 65435 (default 47100)
          --keep              keep the work folder (logs of every process) instead of deleting it
        """;

    public static readonly IReadOnlyList<string> Known = ["rate", "lag", "throughput", "accounts", "enqueue", "claim", "waiters", "chaos", "images"];

    /// <returns>The options, or null with <paramref name="error"/> saying what was wrong and what is allowed.</returns>
    public static HarnessOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var scenarios = new List<string>();
        bool quick = false, keep = false;
        int? runs = null;
        string? compare = null, output = null;
        var portBase = DefaultPortBase;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--quick":
                    quick = true;
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--runs":
                    if (!TryInt(args, ref i, 1, MaxRuns, out var r, out error))
                        return null;
                    runs = r;
                    break;
                case "--port-base":
                    if (!TryInt(args, ref i, 1024, 65535 - PortsUsed, out portBase, out error))
                        return null;
                    break;
                case "--compare":
                    if (!TryValue(args, ref i, out compare, out error))
                        return null;
                    break;
                case "--out":
                    if (!TryValue(args, ref i, out output, out error))
                        return null;
                    break;
                case "--help" or "-h":
                    error = "";
                    return null;
                default:
                    if (arg.StartsWith('-'))
                    {
                        error = $"Unknown option `{arg}`.";
                        return null;
                    }
                    foreach (var name in arg.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (name == "all")
                            scenarios.AddRange(Known);
                        else if (Known.Contains(name))
                            scenarios.Add(name);
                        else
                        {
                            error = $"Unknown scenario `{name}`; allowed: {string.Join(", ", Known)} or all.";
                            return null;
                        }
                    }
                    break;
            }
        }
        if (scenarios.Count == 0)
        {
            error = "Name at least one scenario (or all).";
            return null;
        }
        if (output is not null && Directory.Exists(output))
        {
            error = $"--out {output} is a folder; give a file name such as docs/benchmarks.md.";
            return null;
        }
        // Known order, each once: a report reads the same whatever order they were asked for.
        var ordered = Known.Where(scenarios.Contains).ToList();
        return new HarnessOptions(ordered, quick, runs, compare, output, portBase, keep);
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, out string? value, out string? error)
    {
        error = null;
        value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
        if (string.IsNullOrWhiteSpace(value))
            error = $"{args[i]} needs a value.";
        return error is null;
    }

    private static bool TryInt(IReadOnlyList<string> args, ref int i, int min, int max, out int value, out string? error)
    {
        var option = args[i];
        value = 0;
        if (!TryValue(args, ref i, out var text, out error))
            return false;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"{option} is `{text}`; allowed a whole number from {min} to {max}.";
            return false;
        }
        return true;
    }
}
