using ClbWorker.Tencent;
using ClbWorker.Tencent.Credentials;
using ClbWorker.Tencent.Credentials.Temporary;

namespace ClbWorker.UnitTests.Tencent.Credentials;

public sealed class CredentialSettingsTests
{
    [Fact]
    public void Todays_keys_alone_are_the_static_source_read_again_from_where_they_are()
    {
        var accounts = TencentAccounts.FromOptions(new TencentOptions { SecretId = "AKIDtop", SecretKey = "key", Token = "tok" });

        Assert.True(accounts.TryGet("default", out var account));
        Assert.Equal(("static", "Tencent"), (account.CredentialSource, account.CredentialSettings!.StaticKeys));
        Assert.Equal(new TencentCredentials("AKIDtop", "key", "tok"), account.Credentials);
        Assert.True(account.HasCredentials);
    }

    [Fact]
    public void A_source_section_makes_an_account_able_to_poll_without_keys()
    {
        var options = new TencentOptions();
        options.Credentials.Source = CredentialSources.CvmRole;
        options.Accounts["prod"] = new TencentAccountOptions();
        options.Accounts["prod"].Credentials.SecretId = "AKIDprod";
        options.Accounts["prod"].Credentials.SecretKey = "prodkey";

        var accounts = TencentAccounts.FromOptions(options);

        Assert.True(accounts.TryGet("default", out var defaultAccount));
        Assert.Equal(("cvm-role", "Tencent:Credentials"), (defaultAccount.CredentialSource, defaultAccount.CredentialSettings!.Key));
        Assert.True(defaultAccount.HasCredentials);
        Assert.False(defaultAccount.Credentials.IsComplete);
        Assert.True(accounts.TryGet("prod", out var prod));
        Assert.Equal(("static", "Tencent:Accounts:prod:Credentials"), (prod.CredentialSource, prod.CredentialSettings!.StaticKeys));
        Assert.Equal(new TencentCredentials("AKIDprod", "prodkey"), prod.Credentials);
        Assert.True(options.HasDefaultCredentials);
    }

    [Fact]
    public void The_default_session_name_is_clbworker_and_the_host_in_what_STS_allows() =>
        Assert.Equal("clbworker-worker-1.example_A", AssumeRoleSettings.DefaultSessionName("worker 1.example_A"));
}
