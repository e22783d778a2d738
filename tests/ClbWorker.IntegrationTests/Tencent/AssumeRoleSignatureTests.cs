using System.Net;
using System.Text;
using System.Text.Json;
using ClbWorker.Tencent;
using ClbWorker.Tencent.Credentials;
using ClbWorker.Tencent.Credentials.Temporary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClbWorker.IntegrationTests.Tencent;

/// <summary>
/// The AssumeRole request exactly as the assume-role source sends it to the real STS endpoint (captured before it
/// leaves the process), checked against the official Node.js SDK's TC3 signer.
/// </summary>
public sealed class AssumeRoleSignatureTests
{
    private const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    private const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    private const string RoleArn = "qcs::cam::uin/100000000001:roleName/clbworker";

    [Fact]
    public async Task The_AssumeRole_signature_verifies_with_the_official_Node_SDK_signer()
    {
        var ct = TestContext.Current.CancellationToken;
        var sdk = await NodeSdkSigner.RequireAsync(ct);
        var capture = new CapturingHandler();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tencent:Credentials:Source"] = "assume-role",
            ["Tencent:Credentials:RoleArn"] = RoleArn,
            ["Tencent:Credentials:RoleSessionName"] = "clbworker-signature-test",
            ["Tencent:Credentials:ExternalId"] = "ext-42",
            ["Tencent:Credentials:SourceCredentials:SecretId"] = SecretId,
            ["Tencent:Credentials:SourceCredentials:SecretKey"] = SecretKey,
        });
        builder.AddTencentClient();
        builder.Services.AddHttpClient(CredentialHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => capture);
        using var host = builder.Build();
        await host.StartAsync(ct);
        Assert.True(host.Services.GetRequiredService<TencentAccounts>().TryGet("default", out var account));

        var credentials = await host.Services.GetRequiredService<ITencentCredentials>().GetAsync(account, ct);
        var request = Assert.Single(capture.Requests);
        var expected = await NodeSdkSigner.SignAsync(sdk, "https://sts.tencentcloudapi.com/", request.Body, long.Parse(request.Headers["X-TC-Timestamp"]),
            "sts", request.Headers["Content-Type"], SecretId, SecretKey, ct);

        Assert.Equal(new TencentCredentials("AKIDtmp", "tmp-key", "tmp-token"), credentials);
        Assert.Equal(expected, request.Headers["Authorization"]);
        Assert.StartsWith($"TC3-HMAC-SHA256 Credential={SecretId}/", expected, StringComparison.Ordinal);
        Assert.Equal(("sts.tencentcloudapi.com", "AssumeRole", "2018-08-13", "ap-guangzhou"),
            (request.Headers["Host"], request.Headers["X-TC-Action"], request.Headers["X-TC-Version"], request.Headers["X-TC-Region"]));
        Assert.Equal($$"""{"RoleArn":"{{RoleArn}}","RoleSessionName":"clbworker-signature-test","DurationSeconds":7200,"ExternalId":"ext-42"}""",
            Encoding.UTF8.GetString(request.Body));
        await host.StopAsync(ct);
    }

    private sealed record Captured(Dictionary<string, string> Headers, byte[] Body);

    /// <summary>Stands in for sts.tencentcloudapi.com: records the request as it would go on the wire and answers like STS.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<Captured> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            foreach (var header in request.Content!.Headers)
                headers[header.Key] = string.Join(",", header.Value);
            headers["Host"] = request.Headers.Host ?? request.RequestUri!.Authority;
            Requests.Add(new Captured(headers, await request.Content.ReadAsByteArrayAsync(cancellationToken)));
            var expires = DateTimeOffset.UtcNow.AddHours(2);
            var answer = JsonSerializer.Serialize(new
            {
                Response = new
                {
                    Credentials = new { Token = "tmp-token", TmpSecretId = "AKIDtmp", TmpSecretKey = "tmp-key" },
                    ExpiredTime = expires.ToUnixTimeSeconds(), Expiration = expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), RequestId = "r-1",
                },
            });
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
        }
    }
}
