using ClbWorker.Tencent;

namespace ClbWorker.UnitTests.Tencent;

public class TencentAccountsTests
{
    [Fact]
    public void Top_level_keys_configure_the_default_account()
    {
        var accounts = TencentAccounts.FromOptions(new TencentOptions
        {
            SecretId = "AKIDtop", SecretKey = "key", Token = "sts", Endpoint = "http://127.0.0.1:18080", RequestsPerSecond = 7,
        });

        Assert.True(accounts.TryGet("default", out var account));
        Assert.Equal(new TencentCredentials("AKIDtop", "key", "sts"), account.Credentials);
        Assert.Equal(new Uri("http://127.0.0.1:18080"), account.Endpoint);
        Assert.Equal(7, account.RequestsPerSecond);
        Assert.True(accounts.HasDefaultCredentials);
    }

    [Fact]
    public void Default_account_is_present_without_credentials_but_says_so()
    {
        var accounts = TencentAccounts.FromOptions(new TencentOptions());

        Assert.Equal(["default"], accounts.Names);
        Assert.True(accounts.TryGet("default", out var account));
        Assert.False(account.Credentials.IsComplete);
        Assert.Null(account.Credentials.Token);
        Assert.False(accounts.HasDefaultCredentials);
    }

    [Fact]
    public void Named_accounts_inherit_endpoint_and_rate_unless_they_set_their_own()
    {
        var options = new TencentOptions { Endpoint = "http://127.0.0.1:18080", RequestsPerSecond = 15 };
        options.Accounts["inherits"] = new() { SecretId = "AKIDa", SecretKey = "a" };
        options.Accounts["own"] = new() { SecretId = "AKIDb", SecretKey = "b", Endpoint = "https://clb.example.test", RequestsPerSecond = 3 };

        var accounts = TencentAccounts.FromOptions(options);

        Assert.True(accounts.TryGet("inherits", out var inherits));
        Assert.Equal((new Uri("http://127.0.0.1:18080"), 15d), (inherits.Endpoint, inherits.RequestsPerSecond));
        Assert.True(accounts.TryGet("own", out var own));
        Assert.Equal((new Uri("https://clb.example.test"), 3d), (own.Endpoint, own.RequestsPerSecond));
    }

    [Fact]
    public void Tokens_are_not_inherited_by_named_accounts()
    {
        var options = new TencentOptions { SecretId = "AKIDtop", SecretKey = "key", Token = "sts" };
        options.Accounts["prod"] = new() { SecretId = "AKIDprod", SecretKey = "key2" };

        Assert.True(TencentAccounts.FromOptions(options).TryGet("prod", out var prod));
        Assert.Null(prod.Credentials.Token);
    }

    [Fact]
    public void Accounts_default_entry_supplies_the_default_credentials_when_the_top_level_has_none()
    {
        var options = new TencentOptions { RequestsPerSecond = 9 };
        options.Accounts["default"] = new() { SecretId = "AKIDdef", SecretKey = "k", Endpoint = "http://127.0.0.1:1" };

        var accounts = TencentAccounts.FromOptions(options);

        Assert.Equal(["default"], accounts.Names);
        Assert.True(accounts.TryGet("default", out var account));
        Assert.Equal(("AKIDdef", new Uri("http://127.0.0.1:1"), 9d), (account.Credentials.SecretId, account.Endpoint, account.RequestsPerSecond));
        Assert.True(accounts.HasDefaultCredentials);
    }

    [Fact]
    public void Lookup_ignores_case_like_configuration_keys_and_unknown_names_are_absent()
    {
        var options = new TencentOptions();
        options.Accounts["Prod"] = new() { SecretId = "AKIDa", SecretKey = "a" };
        var accounts = TencentAccounts.FromOptions(options);

        Assert.True(accounts.TryGet("prod", out var account));
        Assert.Equal("Prod", account.Name);
        Assert.False(accounts.TryGet("staging", out _));
        Assert.Equal(["default", "Prod"], accounts.Names);
        Assert.Equal(2, accounts.All.Count);
    }
}
