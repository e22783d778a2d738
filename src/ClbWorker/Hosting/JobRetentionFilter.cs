using Hangfire.States;
using Hangfire.Storage;

namespace ClbWorker.Hosting;

/// <summary>
/// Finished Hangfire jobs expire after the configured retention; Hangfire's own expiration manager then
/// deletes them, so its tables hold a bounded history however many CLB tasks pass through.
/// </summary>
internal sealed class JobRetentionFilter(TimeSpan retention) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction) =>
        context.JobExpirationTimeout = retention;

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
