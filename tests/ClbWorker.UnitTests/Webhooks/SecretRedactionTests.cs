using ClbWorker.Webhooks.Endpoints;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.UnitTests.Webhooks;

public class SecretRedactionTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Previous = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    [Fact]
    public void An_endpoint_prints_without_its_secrets()
    {
        var now = DateTimeOffset.UnixEpoch;
        var endpoint = new WebhookEndpoint(3, null, "https://a.example/hook", Secret, Previous, now, ["task.failed"], true, null, null,
            WebhookEndpointSources.Api, now, now, null);

        var printed = endpoint.ToString();

        Assert.DoesNotContain("whsec_", printed, StringComparison.Ordinal);
        Assert.Contains("https://a.example/hook", printed, StringComparison.Ordinal);
        Assert.Contains("task.failed", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claimed_delivery_prints_without_its_secrets_or_body()
    {
        var claimed = new ClaimedDelivery(1, "msg_1", 2, 3, "https://a.example/hook", "task.failed", "{\"body\":1}", 0, [Secret, Previous], "a.example", DateTimeOffset.UnixEpoch);

        var printed = claimed.ToString();

        Assert.DoesNotContain("whsec_", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"body\"", printed, StringComparison.Ordinal);
        Assert.Contains("msg_1", printed, StringComparison.Ordinal);
    }
}
