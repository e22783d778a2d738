using Microsoft.AspNetCore.Mvc;

namespace ClbWorker.Events.Api;

/// <summary>The query string and resume header of <c>GET /api/events</c>, as sent; <see cref="EventStreamQuery"/> checks them.</summary>
/// <param name="Account">Only events of tasks of this account.</param>
/// <param name="Region">Only events of tasks of this region, e.g. ap-guangzhou.</param>
/// <param name="TaskId">Only events of tasks with this RequestId.</param>
/// <param name="State">Only events whose task is in one of these states, comma-separated (e.g. failed,timed_out); pending selects poll events.</param>
/// <param name="Polls">true: also one task.polled event per poll of a running task. Default false.</param>
/// <param name="LastEventId">Resume after this event id: every later event that matches is sent, none twice.</param>
public sealed record EventStreamParameters(
    [FromQuery(Name = "account")] string? Account,
    [FromQuery(Name = "region")] string? Region,
    [FromQuery(Name = "taskId")] string? TaskId,
    [FromQuery(Name = "state")] string? State,
    [FromQuery(Name = "polls")] string? Polls,
    [FromHeader(Name = EventStreamQuery.LastEventIdHeader)] string? LastEventId);
