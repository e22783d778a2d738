using System.Text.Json;
using ClbWorker.Tasks.Api;
using ClbWorker.Tencent;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.UnitTests.Api;

public sealed class TaskRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static TaskRequestValidator Validator(bool allowPrivateNetworks = false, bool defaultHasCredentials = true) => new(
        new ClbRegions(["ap-guangzhou", "ap-shanghai"]),
        new TencentAccounts(
        [
            new TencentAccount("default", defaultHasCredentials ? new TencentCredentials("AKID1", "key1", null) : new TencentCredentials("", "", null), null, 20),
            new TencentAccount("Prod", new TencentCredentials("AKID2", "key2", null), null, 20),
        ]),
        new WebhookUrlPolicy(new SsrfAddressPolicy(allowPrivateNetworks, [])));

    [Fact]
    public void A_full_request_becomes_the_task_to_enqueue()
    {
        var request = new CreateTaskRequest("abc-1", "ap-shanghai", "prod", "https://hooks.example.com/clb?token=x", "PT30M",
            JsonDocument.Parse("{ \"n\" : 1 }").RootElement.Clone());

        var result = Validator().Validate(request, Now);

        Assert.True(result.IsValid, result.Summary);
        Assert.Equal(new ClbWorker.Tasks.NewTask("abc-1", "ap-shanghai", "Prod", "https://hooks.example.com/clb?token=x", "{\"n\":1}", Now.AddMinutes(30)), result.Task);
    }

    [Fact]
    public void Without_an_account_the_task_is_the_default_accounts()
    {
        var result = Validator().Validate(new CreateTaskRequest("abc", "ap-guangzhou"), Now);

        Assert.Equal(("default", null, "{}", (DateTimeOffset?)null), (result.Task!.Account, result.Task.CallbackUrl, result.Task.Metadata, result.Task.DeadlineAt));
    }

    [Fact]
    public void Every_broken_field_is_named_with_what_is_allowed()
    {
        var request = new CreateTaskRequest("a b", "xx-nowhere", "nobody", "ftp://example.com/", "tomorrow", JsonDocument.Parse("[1]").RootElement.Clone());

        var result = Validator().Validate(request, Now);

        Assert.False(result.IsValid);
        Assert.Equal(["account", "callbackUrl", "deadline", "metadata", "region", "taskId"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("known regions: ap-guangzhou, ap-shanghai", result.Errors["region"][0], StringComparison.Ordinal);
        Assert.Contains("configured accounts: default, Prod", result.Errors["account"][0], StringComparison.Ordinal);
        Assert.All(result.Errors, e => Assert.StartsWith(e.Key + " ", e.Value[0], StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_task_id_and_region_are_named()
    {
        var result = Validator().Validate(new CreateTaskRequest(null!, null!), Now);

        Assert.Contains("is required", result.Errors["taskId"][0], StringComparison.Ordinal);
        Assert.Contains("is required", result.Errors["region"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_default_credentials_the_account_must_be_named()
    {
        var result = Validator(defaultHasCredentials: false).Validate(new CreateTaskRequest("abc", "ap-guangzhou"), Now);

        Assert.Contains("'default' account has no credentials; configured accounts: Prod", result.Errors["account"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://10.0.0.1/hook", "a private address")]
    [InlineData("http://127.0.0.1:8080/hook", "a loopback address")]
    [InlineData("http://[::1]/hook", "a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[::ffff:10.1.2.3]/", "a private address")]
    [InlineData("/hooks", "not an absolute http:// or https:// URL")]
    [InlineData("hooks.example.com/clb", "not an absolute http:// or https:// URL")]
    [InlineData("ftp://hooks.example.com/", "the URL's scheme is 'ftp'; only http and https are allowed")]
    [InlineData("http:/hooks.example.com/", "the URL is not an absolute http:// or https:// URL")]
    [InlineData("https://user:pw@hooks.example.com/", "user info")]
    [InlineData("https://hooks.example.com/a b", "whitespace")]
    [InlineData("http://example.test:99999/hook", "port '99999' is not a number from 1 to 65535")]
    [InlineData("http://[::1/hook", "host is not a host name")]
    [InlineData("https://hooks.example.com/#top", "fragment")]
    public void Callback_urls_get_the_ssrf_guards_static_checks(string url, string reason)
    {
        var result = Validator().Validate(new CreateTaskRequest("abc", "ap-guangzhou", CallbackUrl: url), Now);

        Assert.Contains(reason, Assert.Single(result.Errors["callbackUrl"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Private_callback_urls_pass_when_the_operator_allows_private_networks()
    {
        var result = Validator(allowPrivateNetworks: true).Validate(new CreateTaskRequest("abc", "ap-guangzhou", CallbackUrl: "http://127.0.0.1:9000/hook"), Now);

        Assert.True(result.IsValid, result.Summary);
    }

    [Fact]
    public void A_deal_name_instead_of_a_task_id_becomes_a_deal_name_task()
    {
        var result = Validator().Validate(new CreateTaskRequest(null, "ap-guangzhou", DealName: "20240101000000012345"), Now);

        Assert.True(result.IsValid, result.Summary);
        Assert.Equal(("20240101000000012345", ClbWorker.Tasks.TaskKinds.DealName), (result.Task.TaskId, result.Task.TaskKind));
    }

    [Theory]
    [InlineData("abc", "20240101abcd", "taskId and dealName are both given: give exactly one")]
    [InlineData(null, null, "taskId or dealName is required: give exactly one")]
    public void Both_or_neither_of_taskId_and_dealName_is_refused_naming_both_fields(string? taskId, string? dealName, string expected)
    {
        var result = Validator().Validate(new CreateTaskRequest(taskId, "ap-guangzhou", DealName: dealName), Now);

        Assert.False(result.IsValid);
        Assert.StartsWith(expected, Assert.Single(result.Errors["taskId"]), StringComparison.Ordinal);
        Assert.StartsWith(expected, Assert.Single(result.Errors["dealName"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_deal_name_follows_the_task_id_rule_under_its_own_field() =>
        Assert.StartsWith("dealName contains U+0020 (a space)",
            Assert.Single(Validator().Validate(new CreateTaskRequest(null, "ap-guangzhou", DealName: "2024 01"), Now).Errors["dealName"]),
            StringComparison.Ordinal);
}
