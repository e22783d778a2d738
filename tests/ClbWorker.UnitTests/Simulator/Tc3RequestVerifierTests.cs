using System.Globalization;
using System.Text;
using ClbWorker.Simulator;
using ClbWorker.Simulator.Authentication;
using ClbWorker.Simulator.CloudApi;
using ClbWorker.Simulator.Sts;
using ClbWorker.TencentCloud;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Simulator;

public sealed class Tc3RequestVerifierTests
{
    private static readonly SimulatorCredential Credential = new() { SecretId = "AKID1", SecretKey = "key-1" };
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"TaskId":"t"}""");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 23, 59, 0, TimeSpan.Zero));

    private Tc3RequestVerifier Verifier() => Verifier(new CredentialStore([Credential]));

    private Tc3RequestVerifier Verifier(CredentialStore store) =>
        new(store, TimeSpan.FromMinutes(5), _clock, new TemporaryCredentialIssuer(store, new SimulatorTemporaryCredentials(), _clock));

    private CloudApiHeaders Signed(string sentHost, string signedHost, long? timestamp = null)
    {
        var ts = timestamp ?? _clock.GetUtcNow().ToUnixTimeSeconds();
        var signature = Tc3Signer.Sign(new Tc3SigningInput(
            Credential.SecretId, Credential.SecretKey, "clb", signedHost, "application/json", Body, ts));
        Assert.True(Tc3Authorization.TryParse(signature.Authorization, out var authorization));
        return new CloudApiHeaders(authorization, "application/json", sentHost, "DescribeTaskStatus", "2018-03-17",
            "ap-guangzhou", ts.ToString(CultureInfo.InvariantCulture), null);
    }

    [Theory]
    [InlineData("127.0.0.1:18080", "127.0.0.1:18080")]
    [InlineData("127.0.0.1:18080", "127.0.0.1")]
    [InlineData("[::1]:18080", "[::1]")]
    [InlineData("clb.tencentcloudapi.com", "clb.tencentcloudapi.com")]
    public void Host_signed_with_or_without_the_port_verifies(string sent, string signedHost) =>
        Assert.Null(Verifier().Verify(Signed(sent, signedHost), Body));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:18080")]
    [InlineData("127.0.0.1:18080", "127.0.0.1:18081")]
    [InlineData("127.0.0.1:18080", "localhost")]
    public void Host_that_was_not_sent_fails(string sent, string signedHost) =>
        Assert.Equal(ErrorCodes.SignatureFailure, Verifier().Verify(Signed(sent, signedHost), Body)?.Code);

    [Theory]
    [InlineData(300, null)]
    [InlineData(-300, null)]
    [InlineData(301, ErrorCodes.SignatureExpire)]
    [InlineData(-301, ErrorCodes.SignatureExpire)]
    public void Timestamps_up_to_the_tolerance_away_verify(int offsetSeconds, string? expected)
    {
        // The clock is one minute before midnight, so some of these timestamps fall on another UTC date; the scope
        // date follows the timestamp, not the server's date.
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds() + offsetSeconds;

        Assert.Equal(expected, Verifier().Verify(Signed("h:1", "h:1", timestamp), Body)?.Code);
    }

    [Fact]
    public void Timestamp_that_is_not_whole_seconds_is_refused()
    {
        var headers = Signed("h:1", "h:1") with { Timestamp = "1740816000.5" };

        Assert.Equal(ErrorCodes.InvalidParameterValue, Verifier().Verify(headers, Body)?.Code);
    }

    [Fact]
    public void Missing_timestamp_is_a_missing_parameter()
    {
        var headers = Signed("h:1", "h:1") with { Timestamp = null };

        Assert.Equal(ErrorCodes.MissingParameter, Verifier().Verify(headers, Body)?.Code);
    }

    [Fact]
    public void Unsupported_signed_header_set_fails_with_a_message_naming_the_supported_ones()
    {
        var headers = Signed("h:1", "h:1");
        headers = headers with { Authorization = headers.Authorization! with { SignedHeaders = "content-type;host;x-tc-timestamp" } };

        var error = Verifier().Verify(headers, Body);

        Assert.Equal(ErrorCodes.SignatureFailure, error?.Code);
        Assert.Contains("content-type;host;x-tc-action", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uppercase_signature_hex_fails()
    {
        var headers = Signed("h:1", "h:1");
        headers = headers with { Authorization = headers.Authorization! with { Signature = headers.Authorization.Signature.ToUpperInvariant() } };

        Assert.Equal(ErrorCodes.SignatureFailure, Verifier().Verify(headers, Body)?.Code);
    }

    [Fact]
    public void Credential_added_later_is_honoured_and_removal_takes_effect()
    {
        var store = new CredentialStore([new SimulatorCredential { SecretId = "other", SecretKey = "k" }]);
        var verifier = Verifier(store);
        var headers = Signed("h:1", "h:1");

        var before = verifier.Verify(headers, Body)?.Code;
        store.TryPut(Credential);
        var added = verifier.Verify(headers, Body)?.Code;
        store.Remove(Credential.SecretId);
        var removed = verifier.Verify(headers, Body)?.Code;

        Assert.Equal(ErrorCodes.SecretIdNotFound, before);
        Assert.Null(added);
        Assert.Equal(ErrorCodes.SecretIdNotFound, removed);
    }

    [Fact]
    public void A_temporary_credential_is_accepted_with_its_token_until_it_expires_then_answers_TokenFailure_and_is_counted()
    {
        var store = new CredentialStore([]);
        var issuer = new TemporaryCredentialIssuer(store, new SimulatorTemporaryCredentials { Lifetime = TimeSpan.FromSeconds(60) }, _clock);
        var verifier = new Tc3RequestVerifier(store, TimeSpan.FromMinutes(5), _clock, issuer);
        var temporary = issuer.Issue("metadata");
        CloudApiHeaders SignedWith(SimulatorCredential credential, string? token)
        {
            var ts = _clock.GetUtcNow().ToUnixTimeSeconds();
            var signature = Tc3Signer.Sign(new Tc3SigningInput(credential.SecretId, credential.SecretKey, "clb", "h:1", "application/json", Body, ts));
            Assert.True(Tc3Authorization.TryParse(signature.Authorization, out var authorization));
            return new CloudApiHeaders(authorization, "application/json", "h:1", "DescribeTaskStatus", "2018-03-17", "ap-guangzhou",
                ts.ToString(CultureInfo.InvariantCulture), token);
        }

        var withToken = verifier.Verify(SignedWith(temporary, temporary.Token), Body)?.Code;
        var withoutToken = verifier.Verify(SignedWith(temporary, null), Body)?.Code;
        _clock.Advance(TimeSpan.FromSeconds(60));
        var expired = verifier.Verify(SignedWith(temporary, temporary.Token), Body);

        Assert.Null(withToken);
        Assert.Equal(ErrorCodes.TokenFailure, withoutToken);
        Assert.Equal(ErrorCodes.TokenFailure, expired?.Code);
        Assert.Contains("expired", expired!.Message, StringComparison.Ordinal);
        Assert.Equal((1L, 1L, 1L), (issuer.Stats.IssuedBy["metadata"], issuer.Stats.ExpiredRequests, issuer.Stats.RejectedTokenRequests));
    }
}
