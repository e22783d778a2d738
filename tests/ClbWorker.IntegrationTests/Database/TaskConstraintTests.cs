using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Database;

public sealed class TaskConstraintTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string TaskIdRule = "task_id_must_be_1_to_64_chars_no_whitespace_or_control";
    private const string RegionRule = "region_must_look_like_ap_guangzhou_or_ap_shanghai_fsi";
    private const string AccountRule = "account_must_be_1_to_64_letters_digits_dot_underscore_dash";
    private const string StateRule = "state_must_be_pending_or_a_known_final_state";
    private const string StatusRule = "last_status_must_be_0_1_or_2_when_set";
    private const string AttemptsRule = "attempts_must_not_be_negative";
    private const string LeaseRule = "lease_owner_and_lease_expires_at_go_together";
    private const string CallbackRule = "callback_url_must_be_absolute_http_or_https_when_set";
    private const string MetadataRule = "metadata_must_be_a_json_object";
    private const string CompletedRule = "completed_at_must_be_set_exactly_when_state_is_final";

    // Every column a rule covers, as text cast in SQL, so that one case overrides one value.
    private const string InsertSql = """
        INSERT INTO clb.tasks (task_id, region, account, state, last_status, attempts, lease_owner, lease_expires_at,
                               callback_url, metadata, completed_at)
        VALUES (@task_id, @region, @account, @state, @last_status::smallint, @attempts::integer, @lease_owner,
                @lease_expires_at::timestamptz, @callback_url, @metadata::jsonb, @completed_at::timestamptz)
        """;

    public static TheoryData<string, string?, string> BadValues => new()
    {
        { "task_id", "", TaskIdRule },
        { "task_id", "a b", TaskIdRule },
        { "task_id", "a\tb", TaskIdRule },
        { "task_id", "a\nb", TaskIdRule },
        { "task_id", "trailing\r", TaskIdRule },
        { "task_id", "a\u00a0b", TaskIdRule },      // no-break space
        { "task_id", "a\u2003b", TaskIdRule },      // em space
        { "task_id", "a\u200bb", TaskIdRule },      // zero-width space
        { "task_id", "a\u3000b", TaskIdRule },      // ideographic space
        { "task_id", "\ufeffabc", TaskIdRule },     // byte order mark
        { "task_id", "a\u0001b", TaskIdRule },      // control character
        { "task_id", "a\u007fb", TaskIdRule },      // DEL
        { "task_id", "a\u0085b", TaskIdRule },      // next line (C1 control)
        { "task_id", new string('a', 65), TaskIdRule },
        { "region", "guangzhou", RegionRule },
        { "region", "AP-guangzhou", RegionRule },
        { "region", "ap-guangzhou-1", RegionRule },
        { "region", "ap-", RegionRule },
        { "region", "apx-guangzhou", RegionRule },
        { "region", "ap-shanghai-fsx", RegionRule },
        { "region", "ap-guang zhou", RegionRule },
        { "region", "", RegionRule },
        { "account", "", AccountRule },
        { "account", "has space", AccountRule },
        { "account", "a/b", AccountRule },
        { "account", "équipe", AccountRule },
        { "account", new string('a', 65), AccountRule },
        { "state", "running", StateRule },
        { "state", "Succeeded", StateRule },
        { "last_status", "7", StatusRule },
        { "last_status", "-1", StatusRule },
        { "attempts", "-1", AttemptsRule },
        { "lease_owner", "worker-1", LeaseRule },
        { "callback_url", "ftp://hooks.example.test/clb", CallbackRule },
        { "callback_url", "hooks.example.test/clb", CallbackRule },
        { "callback_url", "/relative/path", CallbackRule },
        { "callback_url", "https://", CallbackRule },
        { "callback_url", "https://hooks example.test/", CallbackRule },
        { "callback_url", "javascript:alert(1)", CallbackRule },
        { "callback_url", "http://localhost:8080/hook?x=1#y", CallbackRule },
        { "callback_url", "http://example.test:99999/hook", CallbackRule },
        { "callback_url", "http://[::1/hook", CallbackRule },
        { "callback_url", "https://user:pw@hooks.example.test/", CallbackRule },
        { "metadata", "[]", MetadataRule },
        { "metadata", "\"text\"", MetadataRule },
        { "metadata", "42", MetadataRule },
        { "metadata", "null", MetadataRule },
        { "completed_at", null, CompletedRule },     // a final state without completed_at
        { "state", "pending", CompletedRule },       // completed_at on a pending row
    };

    public static TheoryData<string, string?> GoodValues => new()
    {
        { "task_id", "55c85074-3e7f-4c6d-864f-673660d4f8de" },
        { "task_id", new string('a', 64) },
        { "task_id", "任务-1" },
        { "region", "ap-shanghai-fsi" },
        { "region", "na-siliconvalley" },
        { "account", "team.prod_2-a" },
        { "account", new string('a', 64) },
        { "state", "failed" },
        { "state", "timed_out" },
        { "state", "invalid" },
        { "state", "cancelled" },
        { "last_status", null },
        { "last_status", "2" },
        { "callback_url", null },
        { "callback_url", "http://localhost:8080/hook?x=1" },
        { "callback_url", "http://[::1]:8080/hook" },
        { "callback_url", "HTTPS://Hooks.Example.Test" },
        { "metadata", """{"order": {"id": 42}}""" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Insert_refuses_a_bad_value_naming_the_rule_it_breaks(string column, string? value, string constraint)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(InsertSql, FinishedTaskWith(column, value)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(constraint, error.ConstraintName);
    }

    [Theory]
    [MemberData(nameof(GoodValues))]
    public async Task Insert_accepts_values_the_rules_allow(string column, string? value)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, await connection.ExecuteAsync(InsertSql, FinishedTaskWith(column, value)));
    }

    [Fact]
    public async Task Insert_refuses_a_second_row_for_the_same_account_region_task_kind_and_task_id()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var row = FinishedTaskWith("state", "succeeded");
        await connection.ExecuteAsync(InsertSql, row);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(InsertSql, row));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("one_task_per_account_region_task_kind_task_id", error.ConstraintName);
    }

    // A valid finished task, so that each override breaks exactly one rule: with state final and completed_at set,
    // an unknown state breaks only the state rule, and state 'pending' breaks only the completed_at rule.
    private static Dictionary<string, object?> FinishedTaskWith(string column, string? value)
    {
        var row = new Dictionary<string, object?>
        {
            ["task_id"] = Guid.NewGuid().ToString(),
            ["region"] = "ap-guangzhou",
            ["account"] = "default",
            ["state"] = "succeeded",
            ["last_status"] = "0",
            ["attempts"] = "3",
            ["lease_owner"] = null,
            ["lease_expires_at"] = null,
            ["callback_url"] = "https://hooks.example.test/clb",
            ["metadata"] = "{}",
            ["completed_at"] = "2025-01-01T00:00:00Z",
        };
        Assert.True(row.ContainsKey(column), $"No column {column} in the test row");
        row[column] = value;
        return row;
    }
}
