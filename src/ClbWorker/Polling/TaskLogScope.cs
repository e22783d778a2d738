using Microsoft.Extensions.Logging;

namespace ClbWorker.Polling;

/// <summary>The log scope of work on one task: its id, account and region, as structured values.</summary>
internal static class TaskLogScope
{
    private static readonly Func<ILogger, string, string, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<string, string, string>("Task {TaskId} of account {Account} in {Region}");

    public static IDisposable? Begin(ILogger logger, ClaimedTask task) => Scope(logger, task.TaskId, task.Account, task.Region);
}
