using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Polling;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>
/// The polling SQL the product runs (PollingStore's statements), planned and run on a large table: a round's cost does
/// not grow with a paused account's backlog, and claims start from the index that leads with the account.
/// </summary>
public sealed class ClaimPlanTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string Paused = "paused-account";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // History dominates a long-lived queue; 50 busy accounts have a little due work each.
    private const string FillSql = """
        INSERT INTO clb.tasks (task_id, region, state, completed_at, next_poll_at)
        SELECT 'done-' || n, 'ap-guangzhou', 'succeeded', now(), now() - interval '1 day' FROM generate_series(1, 50000) AS n;
        INSERT INTO clb.tasks (task_id, region, account, next_poll_at)
        SELECT 'due-' || n, 'ap-guangzhou', 'account-' || (n % 50), now() - n * interval '1 ms' FROM generate_series(1, 500) AS n;
        INSERT INTO clb.account_pauses (account, reason, error_code, error_message, paused_at, retry_at)
        VALUES ('paused-account', 'credentials', 'AuthFailure.SecretIdNotFound', 'unknown key', now(), now() + interval '1 hour');
        """;

    // The paused account's backlog is the most overdue work of all: a walk in due order would meet all of it first.
    private const string BacklogSql = """
        INSERT INTO clb.tasks (task_id, region, account, next_poll_at)
        SELECT 'backlog-' || n, 'ap-guangzhou', 'paused-account', now() - interval '1 hour' - n * interval '1 ms'
        FROM generate_series(@from, @to) AS n;
        ANALYZE clb.tasks;
        """;

    [Fact]
    public async Task A_rounds_queries_cost_the_same_with_20_000_or_200_000_due_tasks_of_a_paused_account()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await FillOnceAsync(connection);
        await connection.ExecuteAsync(BacklogSql, new { from = 1, to = 20_000 }, commandTimeout: 120);
        var small = await RoundCostAsync(connection);
        await connection.ExecuteAsync(BacklogSql, new { from = 20_001, to = 200_000 }, commandTimeout: 300);
        var large = await RoundCostAsync(connection);

        Assert.True(large.Groups <= small.Groups * 1.5 + 20, $"due groups: {small.Groups} buffers with 20,000 paused tasks, {large.Groups} with 200,000");
        Assert.True(large.Claim <= small.Claim * 1.5 + 20, $"claim: {small.Claim} buffers with 20,000 paused tasks, {large.Claim} with 200,000");
        Assert.InRange(large.Groups, 1, 2_000);
        var groups = await new PollingStore(database.DataSource).DueGroupsAsync(TimeSpan.Zero, Ct);
        Assert.Equal(50, groups.Count);
        Assert.DoesNotContain(groups, g => g.Account == Paused);
    }

    [Fact]
    public async Task A_claim_for_one_account_starts_from_the_index_that_leads_with_the_account()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await FillOnceAsync(connection);

        var plan = await ExplainAsync(connection, PollingStore.ClaimSql, ClaimParameters("account-7"), analyze: false);

        Assert.Contains("tasks_due_by_account_idx", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on tasks", plan, StringComparison.Ordinal);
    }

    /// <summary>The history and busy accounts, written and analysed by whichever test of this class runs first.</summary>
    private static async Task FillOnceAsync(NpgsqlConnection connection)
    {
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM clb.tasks WHERE task_id = 'done-1')"))
            return;
        await connection.ExecuteAsync(FillSql);
        await connection.ExecuteAsync("ANALYZE clb.tasks");
    }

    private static async Task<(long Groups, long Claim)> RoundCostAsync(NpgsqlConnection connection)
    {
        var groups = Buffers(await ExplainAsync(connection, PollingStore.DueGroupsSql, new { now = (DateTimeOffset?)null, dueWithin = TimeSpan.FromSeconds(10) }));
        var claim = Buffers(await ExplainAsync(connection, PollingStore.ClaimSql, ClaimParameters("account-3")));
        return (groups, claim);
    }

    private static object ClaimParameters(string account) => new
    {
        now = (DateTimeOffset?)null,
        account,
        regions = new[] { "ap-guangzhou" },
        dueWithin = TimeSpan.Zero,
        minInterval = TimeSpan.FromSeconds(1),
        limit = 30,
        owner = "planner",
        lease = TimeSpan.FromSeconds(30),
    };

    // EXPLAIN ANALYZE runs the statement: a claim's leases are rolled back so every measurement starts alike.
    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql, object parameters, bool analyze = true)
    {
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        var options = analyze ? "(ANALYZE, BUFFERS, FORMAT JSON)" : "(FORMAT TEXT)";
        var plan = string.Join("\n", await connection.QueryAsync<string>($"EXPLAIN {options} {sql}", parameters, transaction));
        await transaction.RollbackAsync(Ct);
        return plan;
    }

    // Shared buffers hit and read by the whole statement (the top node counts its children's).
    private static long Buffers(string jsonPlan)
    {
        using var document = JsonDocument.Parse(jsonPlan);
        var plan = document.RootElement[0].GetProperty("Plan");
        return plan.GetProperty("Shared Hit Blocks").GetInt64() + plan.GetProperty("Shared Read Blocks").GetInt64();
    }
}
