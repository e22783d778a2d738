using ClbWorker.Tencent;

namespace ClbWorker.UnitTests.Tencent;

public class TencentCredentialsTests
{
    private const string SecretKey = "sk-0123456789abcdef-SECRET";
    private const string Token = "tok-abcdef0123456789-SESSION";

    [Fact]
    public void ToString_shows_the_secret_id_but_never_the_key_or_token()
    {
        var text = new TencentCredentials("AKIDexample", SecretKey, Token).ToString();

        Assert.Contains("AKIDexample", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.Contains("(redacted)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_printed_as_a_record_does_not_leak_its_credentials()
    {
        var account = new TencentAccount("prod", new TencentCredentials("AKIDexample", SecretKey, Token), null, 20);

        var text = account.ToString();

        Assert.Contains("prod", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_says_when_there_is_no_token() =>
        Assert.Contains("Token = (none)", new TencentCredentials("id", "key").ToString(), StringComparison.Ordinal);

    [Theory]
    [InlineData("id", "key", true)]
    [InlineData("id", "", false)]
    [InlineData("", "key", false)]
    [InlineData("id", "   ", false)]
    public void Credentials_are_complete_only_with_both_id_and_key(string id, string key, bool expected) =>
        Assert.Equal(expected, new TencentCredentials(id, key).IsComplete);
}
