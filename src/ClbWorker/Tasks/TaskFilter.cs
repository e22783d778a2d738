using System.Globalization;

namespace ClbWorker.Tasks;

/// <summary>Filters of a task listing (<c>GET /api/tasks</c>); null means "any". Values are compared exactly.</summary>
public sealed record TaskFilter(string? State, string? Region, string? Account, string? TaskId, DateTimeOffset? CreatedAfter)
{
    /// <summary>The filters as one string, the same whenever the filters are; what a cursor is bound to.</summary>
    public string Canonical => string.Join('\u001f', State, Region, Account, TaskId,
        CreatedAfter?.UtcTicks.ToString(CultureInfo.InvariantCulture));
}
