namespace ClbWorker.Simulator;

/// <summary>How a simulated asynchronous task ends.</summary>
public enum SimulatedTaskOutcome
{
    /// <summary>Status 2 until the task's delay has passed, then 0.</summary>
    Succeeded,

    /// <summary>Status 2 until the task's delay has passed, then 1.</summary>
    Failed,

    /// <summary>Status 2 forever.</summary>
    Never,

    /// <summary>Not registered at all: polling the id answers <c>InvalidParameter</c>, like a mistyped TaskId.</summary>
    Unknown,
}
