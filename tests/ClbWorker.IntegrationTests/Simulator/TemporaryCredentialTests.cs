using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

/// <summary>The simulated CVM metadata service and STS, and how DescribeTaskStatus treats the temporary keys they issue.</summary>
public sealed class TemporaryCredentialTests
{
    private const string RoleArn = "qcs::cam::uin/100000000001:roleName/clb-poller";

    private static SimulatorOptions Options(Action<SimulatorTemporaryCredentials>? configure = null)
    {
        var options = TestCredentials.Options();
        options.TemporaryCredentials.Lifetime = TimeSpan.FromSeconds(60);
        configure?.Invoke(options.TemporaryCredentials);
        return options;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (string Id, string Key, string Token, long ExpiredTime) Keys(JsonElement holder, JsonElement expiry) =>
        (holder.GetProperty("TmpSecretId").GetString()!, holder.GetProperty("TmpSecretKey").GetString()!,
         holder.GetProperty("Token").GetString()!, expiry.GetProperty("ExpiredTime").GetInt64());

    [Fact]
    public async Task The_metadata_service_names_the_bound_role_and_issues_keys_that_poll_with_their_token_until_they_expire()
    {
        await using var sim = await RunningSimulator.StartAsync(Options(t => t.InstanceRole = "clb-poller"));
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var role = await sim.Http.GetStringAsync("/latest/meta-data/cam/security-credentials/", Ct);
        using var answer = JsonDocument.Parse(await sim.Http.GetStringAsync($"/latest/meta-data/cam/security-credentials/{role}", Ct));
        var (id, key, token, expiredTime) = Keys(answer.RootElement, answer.RootElement);

        Assert.Equal("clb-poller", role);
        Assert.Equal("Success", answer.RootElement.GetProperty("Code").GetString());
        Assert.Equal(sim.Clock.GetUtcNow().AddSeconds(60).ToUnixTimeSeconds(), expiredTime);
        Assert.Equal(2, (await sim.CallAsync(SignedCall.Poll(taskId, id, key, token))).Status);
        Assert.Equal("AuthFailure.TokenFailure", (await sim.CallAsync(SignedCall.Poll(taskId, id, key, token: null))).ErrorCode);
        Assert.Equal("AuthFailure.TokenFailure", (await sim.CallAsync(SignedCall.Poll(taskId, id, key, "other-token"))).ErrorCode);

        sim.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(2, (await sim.CallAsync(SignedCall.Poll(taskId, id, key, token))).Status);
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await sim.CallAsync(SignedCall.Poll(taskId, id, key, token));

        Assert.Equal("AuthFailure.TokenFailure", expired.ErrorCode);
        Assert.Contains("expired", expired.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal((1L, 1L, 2L), (sim.State.TemporaryCredentialStats.IssuedBy["metadata"], sim.State.TemporaryCredentialStats.ExpiredRequests,
            sim.State.TemporaryCredentialStats.RejectedTokenRequests));
    }

    [Fact]
    public async Task Without_a_bound_role_the_metadata_service_answers_404()
    {
        await using var sim = await RunningSimulator.StartAsync(Options());

        using var names = await sim.Http.GetAsync("/latest/meta-data/cam/security-credentials/", Ct);
        using var keys = await sim.Http.GetAsync("/latest/meta-data/cam/security-credentials/anything", Ct);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (names.StatusCode, keys.StatusCode));
    }

    [Fact]
    public async Task AssumeRole_signed_for_sts_issues_keys_for_the_shorter_of_DurationSeconds_and_the_lifetime()
    {
        await using var sim = await RunningSimulator.StartAsync(Options());
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        var call = new SignedCall
        {
            Action = "AssumeRole", Version = "2018-08-13", Service = "sts",
            Body = $$"""{"RoleArn":"{{RoleArn}}","RoleSessionName":"clbworker-test","DurationSeconds":30}""",
        };

        var answer = await sim.CallAsync(call);
        var (id, key, token, expiredTime) = Keys(answer.Response.GetProperty("Credentials"), answer.Response);
        var signedForClb = await sim.CallAsync(call with { Service = "clb" });
        var unknownRole = await sim.CallAsync(call with { Body = """{"RoleArn":"not-an-arn","RoleSessionName":"clbworker-test"}""" });
        var clbVersion = await sim.CallAsync(call with { Version = "2018-03-17" });

        Assert.Null(answer.ErrorCode);
        Assert.Equal(sim.Clock.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds(), expiredTime);
        Assert.Equal(2, (await sim.CallAsync(SignedCall.Poll(taskId, id, key, token))).Status);
        Assert.Equal("AuthFailure.SignatureFailure", signedForClb.ErrorCode);
        Assert.Equal("ResourceNotFound.RoleNotExist", unknownRole.ErrorCode);
        Assert.Equal("NoSuchVersion", clbVersion.ErrorCode);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_is_unsigned_and_takes_only_the_configured_token()
    {
        await using var sim = await RunningSimulator.StartAsync(Options(t => { t.WebIdentityProviderId = "tke-oidc"; t.WebIdentityToken = "eyJ.token.sig"; }));
        SignedCall Call(string provider, string token) => new()
        {
            Action = "AssumeRoleWithWebIdentity", Version = "2018-08-13", Unsigned = true,
            Body = $$"""{"ProviderId":"{{provider}}","WebIdentityToken":"{{token}}","RoleArn":"{{RoleArn}}","RoleSessionName":"pod-1","DurationSeconds":7200}""",
        };

        var issued = await sim.CallAsync(Call("tke-oidc", "eyJ.token.sig"));
        var wrongToken = await sim.CallAsync(Call("tke-oidc", "eyJ.other.sig"));
        var wrongProvider = await sim.CallAsync(Call("github", "eyJ.token.sig"));

        Assert.Null(issued.ErrorCode);
        Assert.Equal(sim.Clock.GetUtcNow().AddSeconds(60).ToUnixTimeSeconds(), issued.Response.GetProperty("ExpiredTime").GetInt64());
        Assert.Equal(("InvalidParameter.WebIdentityTokenError", "InvalidParameter.WebIdentityTokenError"), (wrongToken.ErrorCode, wrongProvider.ErrorCode));
        Assert.DoesNotContain("eyJ", wrongToken.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_route_changes_the_lifetime_shows_the_counts_never_the_token_and_revokes_keys()
    {
        await using var sim = await RunningSimulator.StartAsync(Options());
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        using (var put = await sim.Http.PutAsJsonAsync("/_sim/temporary-credentials",
            new { lifetime = "00:05:00", instanceRole = "r1", webIdentityProviderId = "p", webIdentityToken = "secret-web-token" }, Ct))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var answer = JsonDocument.Parse(await sim.Http.GetStringAsync("/latest/meta-data/cam/security-credentials/r1", Ct));
        var (id, key, token, expiredTime) = Keys(answer.RootElement, answer.RootElement);

        using var revoke = await sim.Http.PostAsync("/_sim/temporary-credentials/revoke", null, Ct);
        var view = await sim.Http.GetStringAsync("/_sim/temporary-credentials", Ct);
        using var bad = await sim.Http.PutAsJsonAsync("/_sim/temporary-credentials", new { lifetime = "13:00:00" }, Ct);

        Assert.Equal(sim.Clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(), expiredTime);
        Assert.Equal("""{"revoked":1}""", await revoke.Content.ReadAsStringAsync(Ct));
        Assert.Equal("AuthFailure.TokenFailure", (await sim.CallAsync(SignedCall.Poll(taskId, id, key, token))).ErrorCode);
        Assert.Contains("\"lifetime\":\"00:05:00\"", view, StringComparison.Ordinal);
        Assert.Contains("\"hasWebIdentityToken\":true", view, StringComparison.Ordinal);
        Assert.Contains("\"issuedBy\":{\"metadata\":1}", view, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-web-token", view, StringComparison.Ordinal);
        Assert.DoesNotContain(token, view, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("lifetime", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
