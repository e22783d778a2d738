using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using ClbWorker.Tencent;
using ClbWorker.Tencent.Client;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClbWorker.IntegrationTests.Polling;

public sealed class SharedBudgetTests(PostgresServer server)
{
    [Fact]
    public async Task Another_client_on_the_same_account_makes_the_worker_back_off_without_charging_its_tasks()
    {
        await using var world = await PollingWorld.StartAsync(server, o => o.RateLimitPerSecond = 20);
        var worker = world.StartWorker(("Tencent:RequestsPerSecond", "20"));
        var tasks = world.Simulated(60, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);
        var neighbourTask = world.Simulated(1, SimulatedTaskOutcome.Never, TimeSpan.Zero).Single();
        var client = worker.Services.GetRequiredService<ClbApiClient>();
        worker.Services.GetRequiredService<TencentAccounts>().TryGet("default", out var account);
        using var stop = new CancellationTokenSource();

        // A neighbour (think Terraform) polls with the same credentials at 15/s, unaware of ClbWorker. It stops
        // between requests, never during one: a request cut off after the simulator accepted it would go uncounted.
        var neighbourAccepted = 0;
        var neighbour = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / 15));
            while (!stop.IsCancellationRequested && await timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (await client.DescribeTaskStatusAsync(account!, "ap-guangzhou", neighbourTask, CancellationToken.None) is TaskStatusReported)
                    Interlocked.Increment(ref neighbourAccepted);
            }
        }, TestContext.Current.CancellationToken);

        await world.EnqueueAsync(tasks);
        var rows = await world.AllFinalAsync(60, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await neighbour;

        Assert.All(rows, r => Assert.Equal(("succeeded", 1), (r.State, r.Attempts)));
        var stats = world.PollerStats();
        Assert.True(stats.RejectionsByCode.GetValueOrDefault("RequestLimitExceeded") > 0, "the neighbour never pushed the account over its limit");
        // Refused polls are not the tasks' fault: every task has exactly the one attempt that answered it.
        Assert.Equal(stats.Accepted - neighbourAccepted, rows.Sum(r => r.Attempts));
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT limit_exceeded_total FROM clb.rate_limits WHERE account = 'default'") > 0);
    }
}
