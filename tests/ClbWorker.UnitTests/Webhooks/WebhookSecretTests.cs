using ClbWorker.Webhooks.Security;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookSecretTests
{
    private static string SecretOf(int bytes) => "whsec_" + Convert.ToBase64String(Enumerable.Range(1, bytes).Select(i => (byte)i).ToArray());

    [Fact]
    public void The_specification_secret_parses_to_its_24_decoded_bytes()
    {
        var secret = WebhookSecret.Parse(StandardWebhooksSpec.VectorSecret);

        Assert.Equal(Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), secret.Key.ToArray());
        Assert.Equal(StandardWebhooksSpec.VectorSecret, secret.Reveal());
    }

    [Theory]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public void Keys_of_24_to_64_bytes_are_accepted(int bytes) =>
        Assert.Equal(bytes, WebhookSecret.Parse(SecretOf(bytes)).Key.Length);

    [Theory]
    [InlineData(23)]
    [InlineData(65)]
    [InlineData(1)]
    public void Shorter_or_longer_keys_are_refused_with_their_length(int bytes)
    {
        Assert.False(WebhookSecret.TryParse(SecretOf(bytes), out _, out var error));

        Assert.Equal($"it decodes to {bytes} bytes; allowed 24 to 64", error);
    }

    [Theory]
    [InlineData(null, "it is empty")]
    [InlineData("", "it is empty")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "it does not start with 'whsec_'")]
    [InlineData("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "it does not start with 'whsec_'")]
    [InlineData("whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "it does not start with 'whsec_'")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!", "the part after 'whsec_' is not valid base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "the part after 'whsec_' is not valid base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8I-PZIo2LaLa_w", "the part after 'whsec_' is not valid base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", "it contains whitespace")]
    [InlineData("whsec_MfKQ9r8GKYqr TwjUPD8ILPZIo2LaLaSw", "it contains whitespace")]
    public void Malformed_secrets_are_refused_with_a_reason_that_does_not_quote_them(string? text, string expected)
    {
        Assert.False(WebhookSecret.TryParse(text, out var secret, out var error));

        Assert.Null(secret);
        Assert.Equal(expected, error);
        var thrown = Assert.Throws<FormatException>(() => WebhookSecret.Parse(text));
        Assert.DoesNotContain("MfKQ9r8G", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(expected, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_secrets_are_32_random_bytes_that_round_trip_through_their_text()
    {
        var first = WebhookSecret.Generate();
        var second = WebhookSecret.Generate();

        Assert.Equal(32, first.Key.Length);
        Assert.False(first.Key.SequenceEqual(second.Key));
        Assert.True(WebhookSecret.Parse(first.Reveal()).Key.SequenceEqual(first.Key));
    }

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        var secret = WebhookSecret.Parse(StandardWebhooksSpec.VectorSecret);

        Assert.Equal("whsec_(redacted)", secret.ToString());
        Assert.DoesNotContain("MfKQ", $"{secret}", StringComparison.Ordinal);
    }
}
