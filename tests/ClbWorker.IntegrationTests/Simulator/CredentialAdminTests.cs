using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

public sealed class CredentialAdminTests
{
    private static readonly SimulatorCredential Added = new() { SecretId = "AKIDADDEDATRUNTIME", SecretKey = "added-key" };

    [Fact]
    public async Task Credential_added_at_run_time_is_accepted_and_revoking_it_answers_SecretIdNotFound()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var before = await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = Added });
        using var add = await sim.Http.PostAsJsonAsync("/_sim/credentials", new { secretId = Added.SecretId, secretKey = Added.SecretKey }, TestContext.Current.CancellationToken);
        var accepted = await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = Added });
        using var remove = await sim.Http.DeleteAsync($"/_sim/credentials/{Added.SecretId}", TestContext.Current.CancellationToken);
        var revoked = await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = Added });

        Assert.Equal("AuthFailure.SecretIdNotFound", before.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        Assert.Null(accepted.ErrorCode);
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Equal("AuthFailure.SecretIdNotFound", revoked.ErrorCode);
    }

    [Fact]
    public async Task Credential_list_shows_secret_ids_but_never_keys_or_tokens()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var raw = await sim.Http.GetStringAsync("/_sim/credentials", TestContext.Current.CancellationToken);
        var listed = JsonSerializer.Deserialize<JsonElement>(raw).EnumerateArray().ToList();

        Assert.Equal(3, listed.Count);
        Assert.Contains(listed, c => c.GetProperty("secretId").GetString() == TestCredentials.Temporary.SecretId && c.GetProperty("hasToken").GetBoolean());
        Assert.DoesNotContain(TestCredentials.Primary.SecretKey, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.Temporary.Token!, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_without_a_key_is_refused_with_a_problem_naming_secretKey()
    {
        await using var sim = await RunningSimulator.StartAsync();

        using var response = await sim.Http.PostAsJsonAsync("/_sim/credentials", new { secretId = "AKIDX", secretKey = "" }, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("secretKey", out _));
        Assert.DoesNotContain("AKIDX", sim.State.SecretIds);
    }

    [Fact]
    public async Task Revoking_an_unknown_credential_answers_404()
    {
        await using var sim = await RunningSimulator.StartAsync();

        using var response = await sim.Http.DeleteAsync("/_sim/credentials/AKIDNOBODY", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
