using Microsoft.Extensions.Logging;

namespace ClbWorker.Polling;

/// <summary>The log scope of work on one task: its id, account and region, as structured values.</summary>
internal static class TaskLogScope
{
    private static readonly Func<ILogger, string, string, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<string, string, string>("Task {TaskId} of account {Account} in {Region}");

    private static readonly Action<ILogger, string, string, Exception?> FailedMessage = LoggerMessage.Define<string, string>(LogLevel.Warning,
        new EventId(1, "TaskFailed"), "Tencent Cloud reports the task failed: {TaskMessage}; load balancers: {LoadBalancerIds}");

    public static IDisposable? Begin(ILogger logger, ClaimedTask task) => Scope(logger, task.TaskId, task.Account, task.Region);

    /// <summary>Logs, within the task's scope, that Tencent reported it failed, with the answer's Message and LoadBalancerIds.</summary>
    public static void Failed(ILogger logger, string? message, IReadOnlyList<string>? loadBalancerIds) =>
        FailedMessage(logger, message ?? "(no Message)", loadBalancerIds is { Count: > 0 } ids ? string.Join(", ", ids) : "(none)", null);
}
