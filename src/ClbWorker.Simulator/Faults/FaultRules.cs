using ClbWorker.Simulator.Validation;

namespace ClbWorker.Simulator.Faults;

/// <summary>Allowed values of <see cref="SimulatorFaults"/>, for configuration and for <c>PUT /_sim/faults</c>.</summary>
internal static class FaultRules
{
    public static readonly TimeSpan MaxLatency = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxHang = TimeSpan.FromDays(1);

    /// <param name="keyOf">Turns a property name into the key the user wrote (configuration path or JSON field).</param>
    public static void Check(SimulatorFaults faults, ValidationErrors errors, Func<string, string> keyOf)
    {
        errors.Add(keyOf(nameof(faults.ServerErrorRate)), ValueRules.Probability(faults.ServerErrorRate));
        errors.Add(keyOf(nameof(faults.InternalErrorRate)), ValueRules.Probability(faults.InternalErrorRate));
        errors.Add(keyOf(nameof(faults.MalformedJsonRate)), ValueRules.Probability(faults.MalformedJsonRate));
        errors.Add(keyOf(nameof(faults.ConnectionDropRate)), ValueRules.Probability(faults.ConnectionDropRate));
        errors.Add(keyOf(nameof(faults.HangRate)), ValueRules.Probability(faults.HangRate));
        // A zero hang would make the hang fault a no-op that still reports itself; demand a real hold.
        errors.Add(keyOf(nameof(faults.HangDuration)), ValueRules.Between(faults.HangDuration, TimeSpan.FromMilliseconds(1), MaxHang));
        errors.Add(keyOf(nameof(faults.AddedLatency)), ValueRules.Between(faults.AddedLatency, TimeSpan.Zero, MaxLatency));
    }
}
