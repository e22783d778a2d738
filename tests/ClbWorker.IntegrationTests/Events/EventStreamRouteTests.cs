using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.IntegrationTests.Api;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;

namespace ClbWorker.IntegrationTests.Events;

/// <summary>
/// <c>GET /api/events</c> over real HTTP. Each test filters on an account of its own, so events of other tests never
/// reach it; its tasks are due in an hour and only its own UPDATEs make them final.
/// </summary>
public sealed class EventStreamRouteTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reader_gets_each_final_transition_with_the_webhook_type_and_body()
    {
        var account = Account();
        var ids = await InsertAsync(account, 2);
        using var client = world.Client(TestApiKeys.Reader);
        await using var stream = await ServerSentEvents.OpenAsync(client, $"/api/events?account={account}");

        await FinishAsync([ids[0]], "succeeded");
        await FinishAsync([ids[1]], "timed_out");
        var first = await stream.NextAsync(Within);
        var second = await stream.NextAsync(Within);

        Assert.Equal(["task.succeeded", "task.timed_out"], new[] { first.Type!, second.Type! });
        await using var connection = await world.OpenAsync();
        foreach (var (e, id) in new[] { (first, ids[0]), (second, ids[1]) })
        {
            var body = await connection.ExecuteScalarAsync<string>("SELECT clb.task_webhook_body(t) FROM clb.tasks t WHERE t.id = @id", new { id });
            Assert.Equal(body, e.Data);
            Assert.True(long.Parse(e.Id!, CultureInfo.InvariantCulture) > 0);
        }
        Assert.True(long.Parse(second.Id!, CultureInfo.InvariantCulture) > long.Parse(first.Id!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Filters_by_state_and_task_id_select_events_and_polls_true_adds_poll_events()
    {
        var account = Account();
        var ids = await InsertAsync(account, 3);
        using var client = world.Client();
        await using var failures = await ServerSentEvents.OpenAsync(client, $"/api/events?account={account}&state=failed,invalid");
        await using var withPolls = await ServerSentEvents.OpenAsync(client, $"/api/events?account={account}&taskId={TaskIdOf(account, 2)}&polls=true");

        await PollAsync(ids[2]);
        await FinishAsync([ids[0]], "succeeded");
        await FinishAsync([ids[1]], "invalid");
        await FinishAsync([ids[2]], "failed");

        // The failure of the third task is the newest event and passes both filters: whatever was wrongly let through came before it.
        Assert.Equal(["task.invalid", "task.failed"], (await failures.UntilAsync(e => e.Type == "task.failed", Within)).Select(e => e.Type!));
        Assert.Equal(["task.polled", "task.failed"], (await withPolls.UntilAsync(e => e.Type == "task.failed", Within)).Select(e => e.Type!));
    }

    [Fact]
    public async Task A_dropped_stream_resumed_with_last_event_id_delivers_every_event_exactly_once()
    {
        var account = Account();
        var all = await InsertAsync(account, 41);
        var (ids, sentinel) = (all[..40], all[40]);
        using var client = world.Client();
        var received = new List<ServerSentEvent>();
        // From the log's head as it is now: other tests of this class may have marked older events as pruned.
        string head;
        await using (var before = await world.OpenAsync())
            head = (await before.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM clb.task_events")).ToString(CultureInfo.InvariantCulture);
        var writer = Task.Run(async () =>
        {
            // Ten commits of four tasks, while the client drops its connection and comes back.
            foreach (var chunk in ids.Chunk(4))
            {
                await FinishAsync(chunk, "succeeded");
                await Task.Delay(150, Ct);
            }
        }, Ct);

        await using (var stream = await ServerSentEvents.OpenAsync(client, $"/api/events?account={account}", lastEventId: head))
        {
            for (var i = 0; i < 6; i++)
                received.Add(await stream.NextAsync(Within));
        }
        await using var connection = await world.OpenAsync();
        await Eventually.ReturnsAsync(() => connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.task_events WHERE account = @account", new { account }),
            written => written > received.Count, Within, "events written while the client is away");
        await using (var resumed = await ServerSentEvents.OpenAsync(client, $"/api/events?account={account}", lastEventId: received[^1].Id))
        {
            await writer;
            // The sentinel's event is the newest: a duplicate or a stray of the forty would arrive before it.
            await FinishAsync([sentinel], "succeeded");
            var sentinelEvent = await connection.ExecuteScalarAsync<long>("SELECT id FROM clb.task_events WHERE task_row_id = @sentinel", new { sentinel });
            received.AddRange(await resumed.UntilAsync(e => e.Id == sentinelEvent.ToString(CultureInfo.InvariantCulture), Within));
            received.RemoveAt(received.Count - 1);
        }

        var expected = (await connection.QueryAsync<long>(
            "SELECT id FROM clb.task_events WHERE account = @account AND task_row_id <> @sentinel ORDER BY id", new { account, sentinel })).ToList();
        Assert.Equal(ids.Length, expected.Count);
        Assert.Equal(expected, received.Select(e => long.Parse(e.Id!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Resuming_below_what_retention_deleted_is_410_and_resuming_at_its_edge_is_not()
    {
        var account = Account();
        var ids = await InsertAsync(account, 1);
        await FinishAsync(ids, "cancelled");
        await using var connection = await world.OpenAsync();
        var eventId = await connection.ExecuteScalarAsync<long>("SELECT max(id) FROM clb.task_events WHERE account = @account", new { account });
        await connection.ExecuteAsync("UPDATE clb.task_events_pruned SET through = greatest(through, @eventId) WHERE kind = 'final'", new { eventId });
        using var client = world.Client();

        using var gone = await client.SendAsync(Resume($"/api/events?account={account}", eventId - 1), Ct);
        using var kept = await client.SendAsync(Resume($"/api/events?account={account}", eventId), HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("Events:Retention", (await gone.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Theory]
    [InlineData("/api/events?status=failed", null, "status")]
    [InlineData("/api/events?state=done", null, "state")]
    [InlineData("/api/events?state=failed,finished", null, "state")]
    [InlineData("/api/events?region=Guangzhou", null, "region")]
    [InlineData("/api/events?account=a%20b", null, "account")]
    [InlineData("/api/events?taskId=a%20b", null, "taskId")]
    [InlineData("/api/events?polls=yes", null, "polls")]
    [InlineData("/api/events", "abc", "Last-Event-ID")]
    [InlineData("/api/events", "-5", "Last-Event-ID")]
    public async Task Bad_filters_and_a_malformed_last_event_id_are_a_400_naming_them(string path, string? lastEventId, string parameter)
    {
        using var client = world.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out _), $"errors name {parameter}: {errors}");
    }

    private static HttpRequestMessage Resume(string path, long after)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Last-Event-ID", after.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    private static string Account() => "sse-" + Guid.NewGuid().ToString("N")[..12];

    private static string TaskIdOf(string account, int index) => $"{account}-task-{index}";

    private async Task<long[]> InsertAsync(string account, int count)
    {
        await using var connection = await world.OpenAsync();
        return [.. await connection.QueryAsync<long>("""
            INSERT INTO clb.tasks (task_id, region, account, next_poll_at)
            SELECT @account || '-task-' || i, 'ap-guangzhou', @account, now() + interval '1 hour' FROM generate_series(0, @count - 1) i
            ORDER BY i
            RETURNING id
            """, new { account, count })];
    }

    private async Task FinishAsync(long[] ids, string state)
    {
        await using var connection = await world.OpenAsync();
        await connection.ExecuteAsync("UPDATE clb.tasks SET state = @state, completed_at = now() WHERE id = ANY(@ids)", new { ids, state });
    }

    private async Task PollAsync(long id)
    {
        await using var connection = await world.OpenAsync();
        await connection.ExecuteAsync("UPDATE clb.tasks SET last_polled_at = now(), last_status = 2, attempts = attempts + 1 WHERE id = @id", new { id });
    }
}
