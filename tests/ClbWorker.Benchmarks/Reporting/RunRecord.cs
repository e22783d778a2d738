namespace ClbWorker.Benchmarks.Reporting;

/// <summary>The values one run of a scenario measured, by figure and subject (ClbWorker, a baseline, a computed optimum).</summary>
public sealed class RunRecord
{
    private readonly Dictionary<(string Figure, string Subject), double> values = [];

    public void Add(string figure, string subject, double value) => values[(figure, subject)] = value;

    public double? Get(string figure, string subject) => values.TryGetValue((figure, subject), out var v) ? v : null;

    public IEnumerable<string> Subjects => values.Keys.Select(k => k.Subject).Distinct();
}
