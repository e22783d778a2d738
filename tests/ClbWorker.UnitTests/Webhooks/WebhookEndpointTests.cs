using ClbWorker.Webhooks;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookEndpointTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public void Receives_every_type_when_its_list_is_empty_and_only_listed_ones_otherwise()
    {
        var now = DateTimeOffset.UnixEpoch;
        var all = new WebhookEndpoint(1, null, "https://a.example", Secret, null, null, [], true, null, null, WebhookEndpointSources.Api, now, now, null);
        var some = all with { EventTypes = [WebhookEventTypes.Failed] };

        Assert.All(WebhookEventTypes.All, type => Assert.True(all.Receives(type)));
        Assert.Equal([WebhookEventTypes.Failed], WebhookEventTypes.All.Where(some.Receives));
    }

    [Fact]
    public void Event_types_are_stored_trimmed_deduplicated_and_sorted() =>
        Assert.Equal(["task.failed", "task.succeeded"], WebhookEndpoint.NormaliseEventTypes(["task.succeeded", " task.failed", "task.succeeded"]));
}
