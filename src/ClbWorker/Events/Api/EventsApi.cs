using ClbWorker.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ClbWorker.Events.Api;

/// <summary><c>/api/events</c>: task events as Server-Sent Events, the webhook's types and bodies, resumable by id.</summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamAsync).WithName("StreamEvents").WithTags("Events")
            .WithSummary("Follow task events")
            .WithDescription("Server-Sent Events (text/event-stream): one event per final transition of a task, with the webhook's type as the event name "
                + "and the webhook body as data, and with polls=true one task.polled event per poll of a running task. Each event has an id; a client "
                + "that reconnects with Last-Event-ID gets every later matching event exactly once, for as long as events are kept (Events:Retention, "
                + "default 1 day; poll events Events:PollRetention, default 1 hour); an id older than that answers 410. A comment line is sent "
                + "every Events:KeepAliveInterval (15 s) when there is nothing else. Reader keys may read it.")
            .Produces(StatusCodes.Status200OK, contentType: EventStreamWriter.ContentType)
            .ProducesProblem(StatusCodes.Status410Gone);
        return api;
    }

    public static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> StreamAsync(
        [AsParameters] EventStreamParameters parameters, HttpContext http, EventStreamWriter writer, TaskEventStore store,
        IOptions<EventsOptions> options, IHostApplicationLifetime lifetime)
    {
        if (!EventStreamQuery.TryParse(parameters, http.Request.Query.Keys, out var query, out var errors))
            return ApiProblems.Invalid(errors);
        var ct = http.RequestAborted;
        if (query.After is { } after && after < await store.PrunedThroughAsync(query.Filter.Polls, ct))
        {
            var kept = query.Filter.Polls ? $"poll events for {options.Value.PollRetention} (Events:PollRetention)" : $"events for {options.Value.Retention} (Events:Retention)";
            return TypedResults.Problem(
                $"Events after {after} have been deleted in part: this server keeps {kept}. Reconnect without {EventStreamQuery.LastEventIdHeader} "
                + "to follow new events, and read the outcomes missed meanwhile with GET /api/tasks.",
                statusCode: StatusCodes.Status410Gone, title: "Events no longer kept");
        }
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        try
        {
            await writer.RunAsync(http.Response, query.Filter, query.After, stream.Token);
        }
        catch (OperationCanceledException) when (stream.IsCancellationRequested)
        {
            // The client went away or the server is stopping: the stream simply ends; the client resumes by id.
        }
        catch (IOException) when (stream.IsCancellationRequested || ct.IsCancellationRequested)
        {
        }
        return TypedResults.Empty;
    }
}
