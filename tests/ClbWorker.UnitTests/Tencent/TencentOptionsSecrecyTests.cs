using ClbWorker.Tencent;

namespace ClbWorker.UnitTests.Tencent;

public class TencentOptionsSecrecyTests
{
    private const string SecretKey = "Sk9fQ2xiV29ya2VyU2VjcmV0S2V5";
    private const string Token = "VG9rZW5Gb3JDbGJXb3JrZXJTZXNzaW9u";
    private const string UrlPassword = "UGFzc3dvcmRJblVybA";

    [Fact]
    public void No_validation_message_contains_any_part_of_a_secret_value()
    {
        var options = new TencentOptions
        {
            SecretKey = SecretKey + "\n",               // whitespace error and missing SecretId
            Token = " " + Token,                         // whitespace error
            Endpoint = $"ftp://admin:{UrlPassword}@example.test/x",
        };
        options.Accounts["default"] = new() { SecretId = "AKIDdefault", SecretKey = SecretKey }; // conflict
        options.Accounts["prod"] = new() { SecretKey = SecretKey, Token = Token + "\r\n" };
        options.Accounts["stage"] = new() { SecretId = "AKIDstage", SecretKey = "\t" + SecretKey, Token = Token };
        options.Accounts["bad name"] = new() { SecretId = "AKIDx", SecretKey = SecretKey, Endpoint = $"http://u:{UrlPassword}@h" };

        var errors = new TencentOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

        Assert.True(errors.Count >= 10, $"expected an error per broken rule, got {errors.Count}");
        foreach (var secret in new[] { SecretKey, Token, UrlPassword })
        {
            // Any 6-character window would already give a fragment of the secret away.
            for (var i = 0; i + 6 <= secret.Length; i++)
                Assert.All(errors, e => Assert.DoesNotContain(secret.Substring(i, 6), e, StringComparison.Ordinal));
        }
    }
}
