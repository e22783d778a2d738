namespace ClbWorker.Simulator.Tasks;

/// <summary>
/// How tasks started by mutating actions behave, copied from the validated options when the host is built so that
/// later changes to the options object cannot bypass validation.
/// </summary>
internal sealed record ActionTaskSettings(TimeSpan MinDelay, TimeSpan MaxDelay, double FailureRate)
{
    public static ActionTaskSettings From(SimulatorOptions options) =>
        new(options.ActionTaskMinDelay, options.ActionTaskMaxDelay, options.ActionTaskFailureRate);
}
