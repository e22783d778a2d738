using ClbWorker.Simulator.Randomness;
using ClbWorker.Simulator.Validation;

namespace ClbWorker.Simulator.Faults;

/// <summary>Holds the current fault settings and draws a <see cref="FaultPlan"/> per Cloud API request.</summary>
internal sealed class FaultInjector(SimulatorFaults initial, SimulatorRandom random)
{
    private volatile SimulatorFaults _current = initial;

    public SimulatorFaults Current => _current;

    /// <summary>
    /// Replaces the settings as a whole when they are valid; requests already planned keep their plan.
    /// Returns the problems (empty when applied), keyed by <paramref name="keyOf"/>(property name).
    /// </summary>
    public ValidationErrors TrySet(SimulatorFaults faults, Func<string, string> keyOf)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var errors = new ValidationErrors();
        FaultRules.Check(faults, errors, keyOf);
        if (errors.IsEmpty)
            _current = faults;
        return errors;
    }

    public FaultPlan Plan()
    {
        var faults = _current;
        var hang = random.Chance(faults.HangRate) ? faults.HangDuration : TimeSpan.Zero;
        SimulatorFaultKind? replacement =
            random.Chance(faults.ConnectionDropRate) ? SimulatorFaultKind.ConnectionDrop
            : random.Chance(faults.ServerErrorRate) ? SimulatorFaultKind.ServerError
            : random.Chance(faults.InternalErrorRate) ? SimulatorFaultKind.InternalError
            : random.Chance(faults.MalformedJsonRate) ? SimulatorFaultKind.MalformedJson
            : null;
        return new FaultPlan(faults.AddedLatency, hang, replacement);
    }
}
