using System.Globalization;
using System.Text;
using ClbWorker.Webhooks.Security;
using static ClbWorker.UnitTests.Webhooks.StandardWebhooksSpec;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookSignerTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(VectorBody);

    [Fact]
    public void Signing_the_specification_vector_gives_its_signature() =>
        Assert.Equal(VectorSignature, WebhookSigner.Sign(VectorId, VectorTimestamp, Body, [WebhookSecret.Parse(VectorSecret)]));

    [Fact]
    public void Each_secret_adds_one_entry_in_order()
    {
        var other = WebhookSecret.Generate();
        var third = WebhookSecret.Generate();

        var header = WebhookSigner.Sign(VectorId, VectorTimestamp, Body, [WebhookSecret.Parse(VectorSecret), other, third]);

        var entries = header.Split(' ');
        Assert.Equal(3, entries.Length);
        Assert.Equal(VectorSignature, entries[0]);
        Assert.All(entries, e => Assert.StartsWith("v1,", e, StringComparison.Ordinal));
        Assert.Equal(3, entries.Distinct().Count());
        Assert.True(Accepts(other.Reveal(), VectorId, Ts(VectorTimestamp), Body, header));
        Assert.True(Accepts(third.Reveal(), VectorId, Ts(VectorTimestamp), Body, header));
    }

    [Theory]
    [InlineData("msg_1", 0L, "")]
    [InlineData("msg_2", 1700000000L, "{\"type\":\"task.succeeded\",\"data\":{\"name\":\"负载均衡 ✓\"}}")]
    [InlineData("a.b.c", 4102444800L, "{\n  \"spaces\" : [ 1, 2 ]\n}\n")]
    public void An_independent_verifier_written_from_the_specification_accepts_the_signature(string id, long timestamp, string body)
    {
        var secret = WebhookSecret.Generate();
        var bytes = Encoding.UTF8.GetBytes(body);

        var header = WebhookSigner.Sign(id, timestamp, bytes, [secret]);

        Assert.True(Accepts(secret.Reveal(), id, Ts(timestamp), bytes, header));
        // And it notices a change of any input: the verifier is not a yes-machine.
        Assert.False(Accepts(secret.Reveal(), id + "x", Ts(timestamp), bytes, header));
        Assert.False(Accepts(secret.Reveal(), id, Ts(timestamp + 1), bytes, header));
        Assert.False(Accepts(secret.Reveal(), id, Ts(timestamp), [.. bytes, (byte)' '], header));
        Assert.False(Accepts(WebhookSecret.Generate().Reveal(), id, Ts(timestamp), bytes, header));
    }

    [Fact]
    public void The_exact_body_bytes_are_signed_not_a_text_rendering_of_them()
    {
        var secret = WebhookSecret.Generate();
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. Body];

        Assert.NotEqual(
            WebhookSigner.Sign(VectorId, VectorTimestamp, Body, [secret]),
            WebhookSigner.Sign(VectorId, VectorTimestamp, withBom, [secret]));
    }

    [Fact]
    public void Signing_without_a_secret_is_refused() =>
        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(VectorId, VectorTimestamp, Body, []));

    private static string Ts(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
