using System.Net.Http.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using Dapper;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>What the temporary credential sources do when their keys are refused or the source itself fails.</summary>
public sealed class CredentialFailureTests(PostgresServer server) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("clbworker-credential-failures-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Revoked_keys_answer_TokenFailure_once_then_are_renewed_and_the_poll_is_retried_without_a_pause()
    {
        var setup = new CredentialSourceSetup("cvm-role", folder);
        await using var world = await PollingWorld.StartAsync(server, options => setup.Configure(options, TimeSpan.FromMinutes(10)));
        var logs = new CapturedLogs();
        world.StartServedWorker(logs, [.. setup.Settings(world), ("Polling:EarlyPolling", "false")]);
        var tasks = world.Simulated(20, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(8));
        await world.EnqueueAsync(tasks);
        await Eventually.ReturnsAsync(world.TasksAsync, rows => rows.All(r => r.Attempts > 0), TimeSpan.FromSeconds(30), "every task polled once");

        Assert.Equal(1, world.State.RevokeTemporaryCredentials());
        var rows = await world.AllFinalAsync(20, TimeSpan.FromSeconds(60));

        var stats = world.State.TemporaryCredentialStats;
        TestContext.Current.TestOutputHelper?.WriteLine($"refused after the revocation: {stats.RejectedTokenRequests}; keys issued: {stats.IssuedBy["metadata"]}");
        Assert.All(rows, r => Assert.Equal(("succeeded", (string?)null), (r.State, r.ErrorCode)));
        Assert.InRange(stats.RejectedTokenRequests, 1, 20);
        Assert.Equal(2, stats.IssuedBy["metadata"]);
        Assert.DoesNotContain(logs.Entries, e => e.Contains(" paused (", StringComparison.Ordinal));
        Assert.Null(await PauseAsync(world));
    }

    [Fact]
    public async Task An_sts_refusal_pauses_the_account_with_the_sources_error_leaves_the_tasks_and_a_later_probe_resumes()
    {
        var signer = new SimulatorCredential { SecretId = "AKIDSIGNER000000000000000000000000", SecretKey = "signer-key" };
        var setup = new CredentialSourceSetup("assume-role", folder);
        await using var world = await PollingWorld.StartAsync(server, options => setup.Configure(options));
        world.StartWorker([.. setup.Settings(world), ("Tencent:Credentials:SourceCredentials:SecretId", signer.SecretId),
            ("Tencent:Credentials:SourceCredentials:SecretKey", signer.SecretKey), ("Polling:AccountPauseRetry", "00:00:02")]);
        var tasks = world.Simulated(5, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);

        await world.EnqueueAsync(tasks);
        var pause = await Eventually.ReturnsAsync(() => PauseAsync(world), p => p is not null, TimeSpan.FromSeconds(30), "the account is paused");

        Assert.Equal(("credentials", "CredentialsUnavailable"), (pause!.Reason, pause.ErrorCode));
        Assert.Equal($"STS AssumeRole at {world.Endpoint.GetLeftPart(UriPartial.Authority)} answered AuthFailure.SecretIdNotFound: "
            + $"The SecretId `{signer.SecretId}` does not exist.", pause.ErrorMessage[..pause.ErrorMessage.IndexOf(" (RequestId", StringComparison.Ordinal)]);
        Assert.All(await world.TasksAsync(), r => Assert.Equal(("pending", 0, (string?)null), (r.State, r.Attempts, r.ErrorCode)));
        Assert.DoesNotContain(world.State.GetStats().Keys, k => k.Action == "DescribeTaskStatus");

        world.State.PutCredential(signer); // the operator fixes the signing key on Tencent Cloud's side
        var rows = await world.AllFinalAsync(5, TimeSpan.FromSeconds(30));

        Assert.All(rows, r => Assert.Equal("succeeded", r.State));
        Assert.Null(await PauseAsync(world));
    }

    [Fact]
    public async Task A_metadata_answer_that_is_expired_or_lacks_a_field_pauses_the_account_with_that_reason_until_it_is_right_again()
    {
        var setup = new CredentialSourceSetup("cvm-role", folder);
        await using var world = await PollingWorld.StartAsync(server, options => setup.Configure(options));
        var answer = "expired";
        using var proxy = new HttpClient { BaseAddress = world.Endpoint };
        await using var metadata = await LoopbackServer.StartAsync(async (context, ct) =>
        {
            if (context.Request.Path == "/latest/meta-data/cam/security-credentials/")
                await context.Response.WriteAsync(CredentialSourceSetup.RoleName, ct);
            else if (answer == "expired")
                await context.Response.WriteAsync("""{"TmpSecretId":"AKIDx","TmpSecretKey":"k","Token":"t","ExpiredTime":1600000000,"Code":"Success"}""", ct);
            else if (answer == "incomplete")
                await context.Response.WriteAsync("""{"TmpSecretId":"AKIDx","Token":"t","ExpiredTime":4000000000,"Code":"Success"}""", ct);
            else
                await context.Response.WriteAsync(await proxy.GetStringAsync(context.Request.Path, ct), ct);
        }, Ct);
        world.StartWorker([.. setup.Settings(world), ("Tencent:Credentials:MetadataEndpoint", metadata.BaseAddress.ToString()),
            ("Polling:AccountPauseRetry", "00:00:02")]);
        await world.EnqueueAsync(world.Simulated(3, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero));

        var expired = await Eventually.ReturnsAsync(() => PauseAsync(world), p => p is not null, TimeSpan.FromSeconds(30), "the account is paused");
        answer = "incomplete";
        var incomplete = await Eventually.ReturnsAsync(() => PauseAsync(world), p => p!.ErrorMessage.Contains("TmpSecretKey", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the pause names the missing field");
        answer = "right";
        var rows = await world.AllFinalAsync(3, TimeSpan.FromSeconds(30));

        Assert.Contains("answered credentials that expire at 2020-09-13T12:26:40.0000000+00:00, already past", expired!.ErrorMessage, StringComparison.Ordinal);
        Assert.EndsWith("answered without TmpSecretKey.", incomplete!.ErrorMessage, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal("succeeded", r.State));
    }

    private static async Task<Pause?> PauseAsync(PollingWorld world)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return await connection.QuerySingleOrDefaultAsync<Pause>(
            "SELECT reason AS Reason, error_code AS ErrorCode, error_message AS ErrorMessage FROM clb.account_pauses WHERE account = 'default'");
    }

    private sealed record Pause(string Reason, string ErrorCode, string ErrorMessage);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
