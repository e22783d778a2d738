using Microsoft.AspNetCore.Mvc;

namespace ClbWorker.Tasks.Api;

/// <summary>The query string of <c>GET /api/tasks</c>, as sent; <see cref="TaskListQuery"/> checks it.</summary>
/// <param name="State">Only tasks in this state: pending, succeeded, failed, timed_out, invalid or cancelled.</param>
/// <param name="Region">Only tasks of this region, e.g. ap-guangzhou.</param>
/// <param name="Account">Only tasks of this account.</param>
/// <param name="TaskId">Only tasks with this RequestId (in any account and region unless those are given too).</param>
/// <param name="DealName">Only tasks with this order id (DealName); not together with taskId.</param>
/// <param name="CreatedAfter">Only tasks created after this ISO 8601 timestamp with an offset, e.g. 2026-12-01T10:00:00Z.</param>
/// <param name="Limit">Tasks per page, 1 to 500. Default 50.</param>
/// <param name="Cursor">The nextCursor of the previous page, with the same filters.</param>
/// <param name="Wait">With taskId and region: answer as soon as the task is final, or after this ISO 8601 duration (at most PT60S).</param>
public sealed record TaskListParameters(
    [FromQuery(Name = "state")] string? State,
    [FromQuery(Name = "region")] string? Region,
    [FromQuery(Name = "account")] string? Account,
    [FromQuery(Name = "taskId")] string? TaskId,
    [FromQuery(Name = "dealName")] string? DealName,
    [FromQuery(Name = "createdAfter")] string? CreatedAfter,
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "cursor")] string? Cursor,
    [FromQuery(Name = "wait")] string? Wait);
