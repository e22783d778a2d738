using System.Globalization;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.UnitTests.Webhooks;
using ClbWorker.Webhooks.Security;
using Microsoft.Extensions.Time.Testing;
using static ClbWorker.IntegrationTests.Webhooks.Sending.SenderScenario;

namespace ClbWorker.IntegrationTests.Webhooks.Sending;

public class WebhookSenderRequestTests
{
    [Fact]
    public async Task A_receiver_gets_a_signed_standard_webhooks_post_the_independent_verifier_accepts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(Answer(200, "ok"), ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct, new FakeTimeProvider(Start));
        var current = WebhookSecret.Generate();
        var previous = WebhookSecret.Generate();

        var result = await Send(host, new Uri(receiver.BaseAddress, "/hooks/clb?source=test"), current, previous);

        Assert.True(result.IsSuccess);
        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Error);
        Assert.Equal("ok", result.ResponseExcerpt);
        var request = Assert.Single(receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/clb", request.Path);
        Assert.Equal("HTTP/1.1", request.Protocol);
        Assert.Equal(Body, request.Body);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(Body.Length.ToString(CultureInfo.InvariantCulture), request.Header("Content-Length"));
        Assert.Equal("ClbWorker-Webhooks/1", request.Header("User-Agent"));
        Assert.Equal(MessageId, request.Header("webhook-id"));
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Header("webhook-timestamp"));
        var signature = request.Header("webhook-signature");
        Assert.Equal(2, signature!.Split(' ').Length);
        Assert.True(StandardWebhooksSpec.Accepts(current.Reveal(), MessageId, request.Header("webhook-timestamp")!, request.Body, signature));
        Assert.True(StandardWebhooksSpec.Accepts(previous.Reveal(), MessageId, request.Header("webhook-timestamp")!, request.Body, signature));
        Assert.False(StandardWebhooksSpec.Accepts(WebhookSecret.Generate().Reveal(), MessageId, request.Header("webhook-timestamp")!, request.Body, signature));
    }

    [Fact]
    public async Task Each_attempt_carries_its_own_timestamp_and_signature_under_the_same_id()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(Answer(500), ct);
        var time = new FakeTimeProvider(Start);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct, time);
        var secret = WebhookSecret.Generate();

        await Send(host, receiver.BaseAddress, secret);
        time.Advance(TimeSpan.FromSeconds(5));
        await Send(host, receiver.BaseAddress, secret);

        var requests = receiver.Received.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal(MessageId, r.Header("webhook-id")));
        Assert.Equal(Start.ToUnixTimeSeconds(), long.Parse(requests[0].Header("webhook-timestamp")!, CultureInfo.InvariantCulture));
        Assert.Equal(Start.ToUnixTimeSeconds() + 5, long.Parse(requests[1].Header("webhook-timestamp")!, CultureInfo.InvariantCulture));
        Assert.NotEqual(requests[0].Header("webhook-signature"), requests[1].Header("webhook-signature"));
        Assert.All(requests, r => Assert.True(
            StandardWebhooksSpec.Accepts(secret.Reveal(), MessageId, r.Header("webhook-timestamp")!, r.Body, r.Header("webhook-signature"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("msg 1")]
    [InlineData("msg\r\nX-Injected: 1")]
    [InlineData("msg_é")]
    public async Task Message_ids_that_are_not_printable_ascii_are_refused_before_sending(string messageId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            host.Sender.SendAsync(new Uri("http://127.0.0.1:9/"), messageId, Body, [WebhookSecret.Generate()], ct));
        Assert.Empty(host.Connections.Attempts);
    }
}
