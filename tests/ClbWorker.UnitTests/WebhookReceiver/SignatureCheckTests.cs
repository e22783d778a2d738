using System.Text;
using ClbWorker.UnitTests.Webhooks;
using ClbWorker.WebhookReceiver;

namespace ClbWorker.UnitTests.WebhookReceiver;

public sealed class SignatureCheckTests
{
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(StandardWebhooksSpec.VectorTimestamp);
    private static readonly byte[] VectorBody = Encoding.UTF8.GetBytes(StandardWebhooksSpec.VectorBody);

    [Fact]
    public void The_specification_vector_verifies()
    {
        Assert.Equal(Verdict.Verified, Check(StandardWebhooksSpec.VectorSignature, VectorBody, VectorTime));
    }

    [Fact]
    public void Any_v1_entry_may_match_and_other_versions_are_skipped()
    {
        var header = "v2,abc v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + StandardWebhooksSpec.VectorSignature;

        Assert.Equal(Verdict.Verified, Check(header, VectorBody, VectorTime));
    }

    [Fact]
    public void A_changed_body_does_not_verify()
    {
        Assert.Equal(Verdict.NoMatchingSignature, Check(StandardWebhooksSpec.VectorSignature, [.. VectorBody, (byte)' '], VectorTime));
    }

    [Fact]
    public void A_timestamp_more_than_five_minutes_away_is_refused_as_a_replay()
    {
        Assert.Equal(Verdict.StaleTimestamp, Check(StandardWebhooksSpec.VectorSignature, VectorBody, VectorTime.AddMinutes(5).AddSeconds(1)));
        Assert.Equal(Verdict.Verified, Check(StandardWebhooksSpec.VectorSignature, VectorBody, VectorTime.AddMinutes(-5)));
    }

    [Fact]
    public void Missing_headers_are_reported_as_such()
    {
        Assert.Equal(Verdict.MissingHeaders, Check(null, VectorBody, VectorTime));
    }

    private static Verdict Check(string? signature, byte[] body, DateTimeOffset now)
    {
        Assert.True(SigningKey.TryParse(StandardWebhooksSpec.VectorSecret, out var key, out _));
        return SignatureCheck.Verify(StandardWebhooksSpec.VectorId, StandardWebhooksSpec.VectorTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            signature, body, [key], now);
    }
}
