using System.Globalization;
using System.Text;
using ClbWorker.Tencent.Client;
using ClbWorker.TencentCloud;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.IntegrationTests.Tencent;

public class ClbApiClientRequestTests
{
    private const string SecretId = "AKIDrequestTests";
    private const string SecretKey = "request-tests-secret-key";
    private const string TaskId = "55c85074-3e7f-4c6d-864f-673660d4f8de";
    private static readonly DateTimeOffset Now = new(2024, 5, 17, 23, 59, 30, TimeSpan.Zero);

    private static async Task<ReceivedRequest> SendOnce(string? token)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(
            LoopbackServer.Json("""{"Response":{"Status":2,"RequestId":"r"}}"""), ct);
        var configuration = new Dictionary<string, string?>
        {
            ["Tencent:SecretId"] = SecretId,
            ["Tencent:SecretKey"] = SecretKey,
            ["Tencent:Token"] = token,
            ["Tencent:Endpoint"] = server.BaseAddress.ToString(),
        };
        await using var host = await TencentClientHost.StartAsync(configuration, new FakeTimeProvider(Now), ct);

        var result = await host.Client.DescribeTaskStatusAsync(host.DefaultAccount, "ap-guangzhou", TaskId, ct);

        Assert.IsType<TaskStatusReported>(result);
        return Assert.Single(server.Received);
    }

    [Fact]
    public async Task Request_is_a_post_to_root_with_compact_task_id_json_and_tc_headers()
    {
        var request = await SendOnce(token: null);

        Assert.Equal(("POST", "/"), (request.Method, request.Path));
        Assert.Equal("""{"TaskId":"55c85074-3e7f-4c6d-864f-673660d4f8de"}""", Encoding.UTF8.GetString(request.Body));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("DescribeTaskStatus", request.Header("X-TC-Action"));
        Assert.Equal("2018-03-17", request.Header("X-TC-Version"));
        Assert.Equal("ap-guangzhou", request.Header("X-TC-Region"));
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Header("X-TC-Timestamp"));
    }

    [Fact]
    public async Task Session_token_header_is_sent_only_when_a_token_is_configured()
    {
        Assert.Null((await SendOnce(token: null)).Header("X-TC-Token"));
        Assert.Equal("sts-session-token", (await SendOnce(token: "sts-session-token")).Header("X-TC-Token"));
    }

    [Fact]
    public async Task Authorization_verifies_against_what_the_server_received_including_host_with_port()
    {
        var request = await SendOnce(token: "sts-session-token");
        var host = request.Header("Host")!;
        var contentType = request.Header("Content-Type")!;

        var expected = Tc3Signer.Sign(new Tc3SigningInput(
            SecretId, SecretKey, "clb", host, contentType, request.Body,
            long.Parse(request.Header("X-TC-Timestamp")!, CultureInfo.InvariantCulture)));

        Assert.Matches(@"^127\.0\.0\.1:\d+$", host);
        Assert.Equal(ClbApiClient.ContentType, contentType);
        Assert.Equal(expected.Authorization, request.Header("Authorization"));
        Assert.True(Tc3Authorization.TryParse(request.Header("Authorization"), out var parsed));
        Assert.Equal((SecretId, "2024-05-17", "clb", "content-type;host"),
            (parsed!.SecretId, parsed.Date, parsed.Service, parsed.SignedHeaders));
    }

    [Fact]
    public async Task Secret_key_is_never_sent_over_the_wire()
    {
        var request = await SendOnce(token: null);

        Assert.DoesNotContain(request.Headers.Values, v => v.Contains(SecretKey, StringComparison.Ordinal));
        Assert.DoesNotContain(SecretKey, Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
    }
}
