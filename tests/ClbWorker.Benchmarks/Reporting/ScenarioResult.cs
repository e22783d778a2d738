namespace ClbWorker.Benchmarks.Reporting;

/// <summary>Everything one scenario measured over its runs, and what the report says about it.</summary>
public sealed class ScenarioResult(string name, string title, string description, IReadOnlyList<Figure> figures, string commit, DateTimeOffset startedAt)
{
    /// <summary>The subject the targets and invariants apply to: the ClbWorker being measured.</summary>
    public const string ClbWorker = "ClbWorker";

    public string Name => name;
    public string Title => title;
    public string Description => description;
    public IReadOnlyList<Figure> Figures => figures;
    public string Commit => commit;
    public DateTimeOffset StartedAt => startedAt;
    public List<RunRecord> Runs { get; } = [];

    /// <summary>Lines printed under the table: sizes, settings, what could not be measured and why.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The label of the compared revision, when <c>--compare</c> was given.</summary>
    public string? Before { get; init; }

    public IReadOnlyList<string> Subjects
    {
        get
        {
            var seen = Runs.SelectMany(r => r.Subjects).Distinct().ToList();
            // ClbWorker first, the compared revision next, then baselines in the order they were measured.
            return [.. seen.OrderBy(s => s == ClbWorker ? 0 : s == Before ? 1 : 2)];
        }
    }

    public Summary? SummaryOf(Figure figure, string subject) =>
        Summary.Of(Runs.Select(r => r.Get(figure.Key, subject)).OfType<double>());

    /// <summary>ClbWorker ÷ the compared revision, run by run: each pair measured side by side in the same run.</summary>
    public Summary? RatioToBefore(Figure figure) => Before is null
        ? null
        : Summary.Of(Runs.Select(r => (r.Get(figure.Key, ClbWorker), r.Get(figure.Key, Before)))
            .Where(p => p.Item1 is not null && p.Item2 is { } b && b != 0)
            .Select(p => p.Item1!.Value / p.Item2!.Value));

    /// <summary>"met", "gap" or "" for a figure without a target or a value.</summary>
    public string Verdict(Figure figure)
    {
        if (figure.Target is null || SummaryOf(figure, ClbWorker) is not { } summary)
            return "";
        if (figure.Invariant)
        {
            var broken = Runs.Select(r => r.Get(figure.Key, ClbWorker)).OfType<double>().Count(v => !figure.Target.IsMet(v));
            return broken == 0 ? "met" : $"BROKEN in {broken} run(s)";
        }
        return figure.Target.IsMet(summary.Median) ? "met" : "gap";
    }

    /// <summary>Invariants some run broke, each with the values that broke it.</summary>
    public IEnumerable<string> BrokenInvariants() =>
        from figure in figures
        where figure.Invariant && figure.Target is not null
        let bad = Runs.Select(r => r.Get(figure.Key, ClbWorker)).OfType<double>().Where(v => !figure.Target!.IsMet(v)).ToList()
        where bad.Count > 0
        select $"{name}: {figure.Label} must be {figure.Target!.Describe(figure.Unit, figure.Decimals)}; measured {string.Join(", ", bad.Select(v => Format.Number(v, figure.Decimals)))}";
}
