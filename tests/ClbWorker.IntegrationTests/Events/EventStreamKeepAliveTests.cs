using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Events;

public sealed class EventStreamKeepAliveTests(PostgresServer server)
{
    [Fact]
    public async Task A_stream_with_nothing_to_send_writes_a_comment_every_keep_alive_interval()
    {
        await using var world = await PollingWorld.StartAsync(server);
        using var app = world.StartServedWorker(null, ("Events:KeepAliveInterval", "00:00:01"));
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestApiKeys.Bearer(TestApiKeys.Reader);
        var opened = System.Diagnostics.Stopwatch.StartNew();
        await using var stream = await ServerSentEvents.OpenAsync(client, "/api/events?account=nobody-here");

        // The opening comment, then one a second: the fourth comes after about three intervals, neither much sooner nor later.
        await Eventually.ReturnsAsync(() => Task.FromResult(stream.Comments), n => n >= 4, TimeSpan.FromSeconds(10), "four comments");
        var elapsed = opened.Elapsed;

        Assert.InRange(elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(6));
    }
}
