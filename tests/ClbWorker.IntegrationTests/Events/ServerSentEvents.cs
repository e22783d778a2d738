using System.Net.Http.Headers;
using System.Threading.Channels;

namespace ClbWorker.IntegrationTests.Events;

/// <summary>One event of a text/event-stream, as a client parses it; comments are kept apart.</summary>
internal sealed record ServerSentEvent(string? Id, string? Type, string Data);

/// <summary>
/// A test's client of <c>GET /api/events</c>: reads the stream line by line (the SSE format) into events and comments
/// until disposed, which drops the connection the way a network failure would.
/// </summary>
internal sealed class ServerSentEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<ServerSentEvent> events = Channel.CreateUnbounded<ServerSentEvent>();
    private readonly Task reading;
    private int comments;

    private ServerSentEvents(HttpResponseMessage response)
    {
        this.response = response;
        reading = ReadAsync();
    }

    public int Comments => Volatile.Read(ref comments);

    public static async Task<ServerSentEvents> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new ServerSentEvents(response);
    }

    /// <summary>The next event, failing after <paramref name="within"/>.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        try
        {
            return await events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No event within {within}.");
        }
    }

    /// <summary>
    /// Every event up to and including the first that <paramref name="isLast"/> accepts. The stream sends in event-id
    /// order, so when the awaited event is the newest one written, an event that should not have passed would be here.
    /// </summary>
    public async Task<List<ServerSentEvent>> UntilAsync(Func<ServerSentEvent, bool> isLast, TimeSpan within)
    {
        var read = new List<ServerSentEvent>();
        do
            read.Add(await NextAsync(within));
        while (!isLast(read[^1]));
        return read;
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            using var reader = new StreamReader(body);
            string? id = null, type = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                        await events.Writer.WriteAsync(new ServerSentEvent(id, type, string.Join('\n', data)), stop.Token);
                    (id, type) = (null, null);
                    data.Clear();
                }
                else if (line.StartsWith(':'))
                    Interlocked.Increment(ref comments);
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                    id = line[4..];
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    data.Add(line[6..]);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        response.Dispose();
        await reading;
        stop.Dispose();
    }
}
