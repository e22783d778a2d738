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
        await using var stream = await ServerSentEvents.OpenAsync(client, "/api/events?account=nobody-here");

        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.Current.CancellationToken);

        // The opening comment, then one a second.
        Assert.InRange(stream.Comments, 3, 6);
    }
}
