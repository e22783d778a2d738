namespace ClbWorker.Benchmarks.Reporting;

/// <summary>
/// One measured quantity of a scenario. <paramref name="Target"/> is the issue's goal for ClbWorker, checked against
/// the median of the runs (a miss is reported as a gap, never hidden); an <paramref name="Invariant"/> must hold in
/// every run, and a quick run that breaks one exits non-zero.
/// </summary>
public sealed record Figure(string Key, string Label, string Unit, Target? Target = null, bool Invariant = false, int Decimals = 2);

/// <summary>A goal: at least or at most <paramref name="Value"/>.</summary>
public sealed record Target(bool AtLeast, double Value)
{
    public static Target Min(double value) => new(true, value);

    public static Target Max(double value) => new(false, value);

    public bool IsMet(double value) => AtLeast ? value >= Value : value <= Value;

    public string Describe(string unit, int decimals) =>
        $"{(AtLeast ? "≥" : "≤")} {Format.Number(Value, decimals)}{(unit.Length > 0 ? " " + unit : "")}";
}
