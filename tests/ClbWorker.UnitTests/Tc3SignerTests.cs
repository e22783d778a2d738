using System.Text;
using ClbWorker.TencentCloud;

namespace ClbWorker.UnitTests;

public class Tc3SignerTests
{
    // Published vectors: POST to cvm.tencentcloudapi.com, timestamp 1551113065 (2019-02-25).
    private const string VectorPayload =
        """{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""";
    private const string VectorSecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******";

    private static Tc3SigningInput Vector(string secretKey, string? action = null) => new(
        VectorSecretId, secretKey, "cvm", "cvm.tencentcloudapi.com", "application/json; charset=utf-8",
        Encoding.UTF8.GetBytes(VectorPayload), 1551113065, action);

    [Fact]
    public void Payload_hash_matches_the_published_vector() =>
        Assert.Equal("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
            Tc3Signer.HexSha256(Encoding.UTF8.GetBytes(VectorPayload)));

    [Theory]
    [InlineData("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", null,
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")]
    [InlineData("Gu5t9xGARNpq86cd98joQYCN3*******", null,
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
        "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")]
    [InlineData("Gu5t9xGARNpq86cd98joQYCN3*******", "DescribeInstances",
        "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
        "be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3")]
    public void Signature_matches_the_published_vectors(string secretKey, string? action, string canonicalHash, string signature)
    {
        var result = Tc3Signer.Sign(Vector(secretKey, action));

        Assert.Equal(canonicalHash, result.CanonicalRequestHash);
        Assert.Equal(signature, result.Signature);
        Assert.Equal(
            $"TC3-HMAC-SHA256 Credential={VectorSecretId}/2019-02-25/cvm/tc3_request, SignedHeaders={result.SignedHeaders}, Signature={signature}",
            result.Authorization);
    }

    [Theory]
    [InlineData("", "key")]
    [InlineData("id", "")]
    [InlineData("  ", "key")]
    public void Refuses_to_sign_with_empty_credentials(string secretId, string secretKey)
    {
        var error = Assert.Throws<ArgumentException>(() => Tc3Signer.Sign(Vector(secretKey) with { SecretId = secretId }));
        Assert.Contains(secretId.Trim().Length == 0 ? "SecretId" : "SecretKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorization_header_round_trips_through_the_parser()
    {
        var signed = Tc3Signer.Sign(Vector("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "DescribeInstances"));

        Assert.True(Tc3Authorization.TryParse(signed.Authorization, out var parsed));
        Assert.Equal(new Tc3Authorization(VectorSecretId, "2019-02-25", "cvm", "content-type;host;x-tc-action", signed.Signature), parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic abc")]
    [InlineData("TC3-HMAC-SHA256 Credential=id/2019-02-25/cvm, SignedHeaders=content-type;host, Signature=ab")]
    [InlineData("TC3-HMAC-SHA256 Credential=id/2019-02-25/cvm/tc3_request, Signature=ab")]
    [InlineData("TC3-HMAC-SHA256 Credential=id/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=ab, Extra=1")]
    public void Malformed_authorization_headers_do_not_parse(string? header) =>
        Assert.False(Tc3Authorization.TryParse(header, out _));
}
