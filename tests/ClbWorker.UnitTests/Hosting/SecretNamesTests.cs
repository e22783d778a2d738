using ClbWorker.Hosting.Configuration;

namespace ClbWorker.UnitTests.Hosting;

public sealed class SecretNamesTests
{
    [Theory]
    [InlineData("Tencent:SecretKey")]
    [InlineData("Tencent:Accounts:prod:Token")]
    [InlineData("Webhooks:SigningSecret")]
    [InlineData("Webhooks:Endpoints:x:Secret")]
    [InlineData("Api:Keys:ci:Key")]
    [InlineData("Dashboard:Users:0:Password")]
    [InlineData("Dashboard:Users:0:PasswordHash")]
    [InlineData("tencent:secretkey")]
    public void Secrets_are_known_by_their_last_segment(string key) => Assert.True(SecretNames.IsSecret(key), key);

    [Theory]
    [InlineData("Tencent:SecretKey_FILE")]
    [InlineData("Tencent:RequestsPerSecond")]
    [InlineData("Api:Keys:ci:Role")]
    [InlineData("Webhooks:Endpoints:x:Url")]
    [InlineData("DevSimulator:CredentialSource")]
    public void Paths_of_secret_files_and_other_settings_are_not_secrets(string key) => Assert.False(SecretNames.IsSecret(key), key);

    [Fact]
    public void A_secret_value_is_shown_as_hidden_and_others_quoted()
    {
        Assert.Equal("(hidden)", ValueText.Shown("Tencent:SecretKey", "abc"));
        Assert.Equal("'abc'", ValueText.Shown("Tencent:Timeout", "abc"));
        Assert.EndsWith("...' (200 characters)", ValueText.Shown("Tencent:Endpoint", new string('x', 200)), StringComparison.Ordinal);
    }
}
