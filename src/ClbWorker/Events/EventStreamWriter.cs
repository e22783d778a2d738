using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ClbWorker.Events;

/// <summary>
/// Writes one <c>GET /api/events</c> response: Server-Sent Events, one per task event that matches the filter, each
/// with its id, its type as the SSE event name and the event's JSON as data. It first sends what the database holds
/// after the client's position, then what <see cref="TaskEventHub"/> reads as it happens, and reads from the database
/// again whenever it fell behind; a keep-alive comment goes out when there is nothing to send.
/// </summary>
public sealed class EventStreamWriter(TaskEventHub hub, TaskEventStore store, IOptions<EventsOptions> options, TimeProvider time)
{
    public const string ContentType = "text/event-stream";
    private const int CatchUpBatch = 500;

    // How long a client waits before reconnecting after the connection dropped.
    private const string Preamble = "retry: 2000\n: connected\n\n";
    private const string KeepAlive = ": keep-alive\n\n";

    /// <param name="after">Send events after this id; null: only events from now on.</param>
    public async Task RunAsync(HttpResponse response, EventFilter filter, long? after, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(filter);
        // Subscribed first: whatever the hub reads from here on reaches this stream or tells it that it fell behind.
        using var subscription = await hub.SubscribeAsync(ct);
        var position = after ?? await store.HeadAsync(ct);

        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        // Tells nginx and similar proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.WriteAsync(Preamble, ct);
        await response.Body.FlushAsync(ct);

        position = await CatchUpAsync(response, filter, position, ct);
        Task<bool>? next = null;
        while (!ct.IsCancellationRequested)
        {
            next ??= subscription.Batches.WaitToReadAsync(ct).AsTask();
            if (await Task.WhenAny(next, Task.Delay(options.Value.KeepAliveInterval, time, ct)) != next)
            {
                await response.WriteAsync(KeepAlive, ct);
                await response.Body.FlushAsync(ct);
                continue;
            }
            if (!await next)
                return;
            next = null;
            var text = new StringBuilder();
            while (subscription.Batches.TryRead(out var batch))
            {
                if (batch.AfterId > position)
                {
                    await WriteAsync(response, text, ct);
                    position = await CatchUpAsync(response, filter, position, ct);
                }
                foreach (var e in batch.Events.Where(e => e.Id > position))
                {
                    if (filter.Matches(e))
                        Append(text, e);
                    position = e.Id;
                }
                position = Math.Max(position, batch.ThroughId);
            }
            await WriteAsync(response, text, ct);
            if (subscription.Lagged)
            {
                subscription.ClearLagged();
                position = await CatchUpAsync(response, filter, position, ct);
            }
        }
    }

    private async Task<long> CatchUpAsync(HttpResponse response, EventFilter filter, long position, CancellationToken ct)
    {
        while (true)
        {
            var (events, through) = await store.ReadMatchingAsync(filter, position, CatchUpBatch, ct);
            var text = new StringBuilder();
            foreach (var e in events)
                Append(text, e);
            await WriteAsync(response, text, ct);
            position = through;
            if (events.Count < CatchUpBatch)
                return position;
        }
    }

    private static void Append(StringBuilder text, TaskEvent e)
    {
        text.Append("id: ").Append(e.Id.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(e.Type).Append('\n');
        // The body is compact JSON on one line; a line break would end the field, so any would start another data line.
        foreach (var line in e.Body.Split('\n'))
            text.Append("data: ").Append(line).Append('\n');
        text.Append('\n');
    }

    private static async Task WriteAsync(HttpResponse response, StringBuilder text, CancellationToken ct)
    {
        if (text.Length == 0)
            return;
        await response.WriteAsync(text.ToString(), ct);
        await response.Body.FlushAsync(ct);
        text.Clear();
    }
}
