using System.Globalization;
using ClbWorker.Api;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Webhooks.Api;

/// <summary>The query string of <c>GET /api/webhook-deliveries</c>; every filter is optional and they combine with AND.</summary>
/// <param name="TaskRowId">Deliveries of the task with this id (as in <c>/api/tasks/{id}</c> and a notification's <c>data.id</c>).</param>
/// <param name="TaskId">Deliveries of the tasks with this Tencent Cloud task id (the RequestId), in any account and region.</param>
/// <param name="EndpointId">Deliveries to this endpoint.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="Limit">Page size, 1 to 500; default 50.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
public sealed record WebhookDeliveryQuery(string? TaskRowId, string? TaskId, string? EndpointId, string? State, string? Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private const int MaxTaskIdLength = 64;

    /// <param name="query">The store query, asking for one row more than the page so the answer knows whether another page follows.</param>
    /// <returns>The refused parameters, each with what is allowed; empty when the query is valid.</returns>
    internal Dictionary<string, string[]> Validate(out DeliveryListQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        var taskRowId = Id(errors, "taskRowId", TaskRowId);
        var endpointId = Id(errors, "endpointId", EndpointId);
        if (TaskId is not null && (TaskId.Length is 0 or > MaxTaskIdLength || TaskId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            errors["taskId"] = [$"taskId '{ApiProblems.Quote(TaskId)}' is not a task id: 1 to {MaxTaskIdLength} characters, no whitespace or control characters."];
        if (State is not null && !DeliveryStates.All.Contains(State, StringComparer.Ordinal))
            errors["state"] = [$"state '{ApiProblems.Quote(State)}' is not a delivery state; allowed: {string.Join(", ", DeliveryStates.All)}."];

        var limit = DefaultLimit;
        if (Limit is not null && (!int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            errors["limit"] = [$"limit '{ApiProblems.Quote(Limit)}' is not allowed: a whole number from 1 to {MaxLimit} (default {DefaultLimit})."];
        query = new DeliveryListQuery(taskRowId, TaskId, endpointId, State, limit + 1, null);
        if (errors.Count == 0 && Cursor is not null)
        {
            if (PageCursor.TryDecode(Cursor, PagedList.WebhookDeliveries, query.Filters, out var lastId, out var cursorProblem))
                query = query with { BeforeId = lastId };
            else
                errors["cursor"] = [cursorProblem!];
        }
        return errors;
    }

    private static long? Id(Dictionary<string, string[]> errors, string name, string? text)
    {
        if (text is null)
            return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1)
            return id;
        errors[name] = [$"{name} '{ApiProblems.Quote(text)}' is not an id: a whole number from 1 to {long.MaxValue}."];
        return null;
    }
}
