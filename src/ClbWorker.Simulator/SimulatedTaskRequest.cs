namespace ClbWorker.Simulator;

/// <summary>
/// Tasks to create through <c>POST /_sim/tasks</c> or <see cref="SimulatorState.CreateTasks"/>.
/// Every created task shares these settings; ids are fresh UUIDs unless <see cref="TaskId"/> is given.
/// </summary>
public sealed record SimulatedTaskRequest
{
    public const int MaxCount = 10_000;
    public const string DefaultRegion = "ap-guangzhou";

    /// <summary>How many tasks to create, 1 to 10000. Default 1.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Time from creation until the status leaves 2; allowed [0, 1 day]. Default 0 (ends at once).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>How the tasks end. Default <see cref="SimulatedTaskOutcome.Succeeded"/>.</summary>
    public SimulatedTaskOutcome Outcome { get; init; } = SimulatedTaskOutcome.Succeeded;

    /// <summary>An explicit id for a single task (only with a count of 1); must not exist yet.</summary>
    public string? TaskId { get; init; }

    /// <summary>The region the task lives in; polling it with another X-TC-Region answers InvalidParameter.</summary>
    public string Region { get; init; } = DefaultRegion;

    /// <summary>Polled by <c>TaskId</c> (the default) or by <c>DealName</c>; generated DealNames look like Tencent's order ids.</summary>
    public SimulatedTaskKind Kind { get; init; } = SimulatedTaskKind.TaskId;

    /// <summary>Answered as <c>LoadBalancerIds</c>, e.g. <c>["lb-a1b2c3d4"]</c>; null (default) answers null.</summary>
    public IReadOnlyList<string>? LoadBalancerIds { get; init; }

    /// <summary>Answered as <c>Message</c> once a <c>failed</c> task has failed; null: a default failure message.</summary>
    public string? Message { get; init; }
}
