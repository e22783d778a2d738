using System.Text;
using ClbWorker.Webhooks.Security;
using static ClbWorker.UnitTests.Webhooks.StandardWebhooksSpec;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookSignatureVerifierTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(VectorBody);
    private static readonly WebhookSecret Secret = WebhookSecret.Parse(VectorSecret);
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    private static WebhookVerification Verify(
        string? signature = VectorSignature, string? id = VectorId, string? timestamp = "1614265330",
        byte[]? body = null, WebhookSecret[]? secrets = null, DateTimeOffset? now = null) =>
        WebhookSignatureVerifier.Verify(id, timestamp, signature, body ?? Body, secrets ?? [Secret], now ?? SentAt);

    [Fact]
    public void The_specification_vector_verifies() => Assert.Equal(WebhookVerification.Verified, Verify());

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    [InlineData(0)]
    public void Timestamps_up_to_five_minutes_either_way_are_accepted(int skewSeconds) =>
        Assert.Equal(WebhookVerification.Verified, Verify(now: SentAt.AddSeconds(skewSeconds)));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Timestamps_further_off_are_refused(int skewSeconds) =>
        Assert.Equal(WebhookVerification.TimestampOutsideTolerance, Verify(now: SentAt.AddSeconds(skewSeconds)));

    [Fact]
    public void A_changed_body_is_refused() =>
        Assert.Equal(WebhookVerification.NoValidSignature, Verify(body: Encoding.UTF8.GetBytes("""{"test": 2432232315}""")));

    [Fact]
    public void A_changed_id_is_refused() => Assert.Equal(WebhookVerification.NoValidSignature, Verify(id: "msg_other"));

    [Fact]
    public void Another_secret_is_refused() =>
        Assert.Equal(WebhookVerification.NoValidSignature, Verify(secrets: [WebhookSecret.Generate()]));

    [Fact]
    public void One_matching_entry_among_several_is_enough() =>
        Assert.Equal(WebhookVerification.Verified,
            Verify(signature: $"v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1,not-base64 v2,xyz {VectorSignature}"));

    [Fact]
    public void Any_of_several_secrets_may_match() =>
        Assert.Equal(WebhookVerification.Verified, Verify(secrets: [WebhookSecret.Generate(), Secret]));

    [Theory]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=AAAA")]
    public void Entries_of_other_versions_or_malformed_entries_never_match(string signature) =>
        Assert.Equal(WebhookVerification.NoValidSignature, Verify(signature: signature));

    [Theory]
    [InlineData(null, "1614265330", VectorSignature)]
    [InlineData(VectorId, null, VectorSignature)]
    [InlineData(VectorId, "1614265330", null)]
    [InlineData(VectorId, "", VectorSignature)]
    public void Missing_headers_are_reported(string? id, string? timestamp, string? signature) =>
        Assert.Equal(WebhookVerification.MissingHeader, Verify(signature, id, timestamp));

    [Theory]
    [InlineData("-1614265330")]
    [InlineData("+1614265330")]
    [InlineData("1614265330.0")]
    [InlineData(" 1614265330")]
    [InlineData("99999999999999999999")]
    [InlineData("999999999999")]
    public void Malformed_timestamps_are_reported(string timestamp) =>
        Assert.Equal(WebhookVerification.MalformedTimestamp, Verify(timestamp: timestamp));
}
