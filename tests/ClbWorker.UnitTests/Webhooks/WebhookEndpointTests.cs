using ClbWorker.Webhooks.Endpoints;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookEndpointTests
{
    [Fact]
    public void Event_types_are_stored_trimmed_deduplicated_and_sorted() =>
        Assert.Equal(["task.failed", "task.succeeded"], WebhookEndpoint.NormaliseEventTypes(["task.succeeded", " task.failed", "task.succeeded"]));
}
