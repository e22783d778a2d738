using ClbWorker.Tencent;

namespace ClbWorker.IntegrationTests.Tencent;

public class ClbApiClientCredentialsTests
{
    [Fact]
    public async Task Account_with_an_empty_secret_key_sends_nothing_and_says_which_keys_to_set()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        await using var host = await TencentClientHost.StartAsync([], time: null, ct);
        var account = new TencentAccount("prod", new TencentCredentials("AKIDprod", ""), server.BaseAddress, 20);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => host.Client.DescribeTaskStatusAsync(account, "ap-guangzhou", "task-1", ct));

        Assert.Contains("'prod' has no SecretId/SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tencent:Accounts:prod:SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Unconfigured_default_account_sends_nothing_and_names_the_top_level_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        await using var host = await TencentClientHost.StartAsync(
            new() { ["Tencent:Endpoint"] = server.BaseAddress.ToString() }, time: null, ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => host.Client.DescribeTaskStatusAsync(host.DefaultAccount, "ap-guangzhou", "task-1", ct));

        Assert.Contains("Tencent:SecretId and Tencent:SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Token_with_a_newline_is_refused_without_quoting_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        await using var host = await TencentClientHost.StartAsync([], time: null, ct);
        var account = new TencentAccount("prod", new TencentCredentials("AKIDprod", "key", "sts-secret\r\nX-Evil: 1"), server.BaseAddress, 20);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => host.Client.DescribeTaskStatusAsync(account, "ap-guangzhou", "task-1", ct));

        Assert.DoesNotContain("sts-secret", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }
}
