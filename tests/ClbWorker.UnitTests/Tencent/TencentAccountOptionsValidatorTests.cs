using ClbWorker.Tencent;

namespace ClbWorker.UnitTests.Tencent;

public class TencentAccountOptionsValidatorTests
{
    private static IReadOnlyList<string> Errors(TencentOptions options) =>
        [.. new TencentOptionsValidator().Validate(null, options).Failures ?? []];

    private static TencentOptions WithAccount(string name, TencentAccountOptions? account)
    {
        var options = new TencentOptions();
        options.Accounts[name] = account!;
        return options;
    }

    private static TencentAccountOptions Complete() => new() { SecretId = "AKIDa", SecretKey = "key" };

    [Theory]
    [InlineData("a")]
    [InlineData("Prod.EU_2-b")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Account_names_of_letters_digits_dot_underscore_dash_up_to_64_are_accepted(string name) =>
        Assert.Empty(Errors(WithAccount(name, Complete())));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("prod/eu")]
    [InlineData("生产")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void Other_account_names_are_rejected_with_the_allowed_alphabet(string name)
    {
        var error = Assert.Single(Errors(WithAccount(name, Complete())));

        Assert.StartsWith($"Tencent:Accounts:{name}: the account name '{name}' is not allowed", error, StringComparison.Ordinal);
        Assert.Contains("1-64 characters, each a letter, digit, '.', '_' or '-'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_account_needs_credentials() =>
        Assert.StartsWith("Tencent:Accounts:prod:SecretId and Tencent:Accounts:prod:SecretKey are not set",
            Assert.Single(Errors(WithAccount("prod", new TencentAccountOptions { Endpoint = "http://127.0.0.1:1" }))),
            StringComparison.Ordinal);

    [Fact]
    public void A_named_account_with_only_a_secret_id_names_its_missing_key() =>
        Assert.StartsWith("Tencent:Accounts:prod:SecretKey is not set but Tencent:Accounts:prod:SecretId is",
            Assert.Single(Errors(WithAccount("prod", new TencentAccountOptions { SecretId = "AKIDa" }))),
            StringComparison.Ordinal);

    [Fact]
    public void An_account_entry_without_settings_is_rejected() =>
        Assert.StartsWith("Tencent:Accounts:prod has no settings", Assert.Single(Errors(WithAccount("prod", null))), StringComparison.Ordinal);

    [Fact]
    public void Account_endpoint_and_rate_are_validated_under_the_account_key()
    {
        var account = Complete();
        account.Endpoint = "tcp://x";
        account.RequestsPerSecond = 0;

        var errors = Errors(WithAccount("prod", account));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Tencent:Accounts:prod:Endpoint is 'tcp://x'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Tencent:Accounts:prod:RequestsPerSecond is 0;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("Default")]
    public void Default_account_credentials_in_both_places_conflict(string name)
    {
        var options = WithAccount(name, Complete());
        options.SecretId = "AKIDtop";
        options.SecretKey = "topkey";

        Assert.StartsWith($"Tencent:Accounts:{name}:SecretId/SecretKey conflict with Tencent:SecretId/SecretKey",
            Assert.Single(Errors(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Default_account_may_take_its_credentials_from_the_accounts_section_alone()
    {
        var options = WithAccount("default", Complete());

        Assert.Empty(Errors(options));
        Assert.True(options.HasDefaultCredentials);
    }

    [Fact]
    public void Default_account_entry_without_credentials_is_allowed_like_the_top_level() =>
        Assert.Empty(Errors(WithAccount("default", new TencentAccountOptions { Endpoint = "http://127.0.0.1:1" })));

    [Fact]
    public void HasDefaultCredentials_is_false_when_only_named_accounts_have_them()
    {
        Assert.False(WithAccount("prod", Complete()).HasDefaultCredentials);
        Assert.True(new TencentOptions { SecretId = "AKIDa", SecretKey = "key" }.HasDefaultCredentials);
    }
}
