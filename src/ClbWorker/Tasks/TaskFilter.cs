using System.Globalization;

namespace ClbWorker.Tasks;

/// <summary>Filters of a task listing (<c>GET /api/tasks</c>); null means "any". Values are compared exactly.</summary>
/// <param name="TaskId">A RequestId: only tasks of kind <c>request_id</c> with it.</param>
/// <param name="DealName">An order id: only tasks of kind <c>deal_name</c> with it.</param>
public sealed record TaskFilter(string? State, string? Region, string? Account, string? TaskId, DateTimeOffset? CreatedAfter,
    string? DealName = null)
{
    /// <summary>The filters as one string, the same whenever the filters are; what a cursor is bound to.</summary>
    // DealName is appended only when given, so cursors issued before it existed stay valid.
    public string Canonical => string.Join('\u001f', State, Region, Account, TaskId,
        CreatedAfter?.UtcTicks.ToString(CultureInfo.InvariantCulture)) + (DealName is null ? "" : "\u001fdeal:" + DealName);
}
