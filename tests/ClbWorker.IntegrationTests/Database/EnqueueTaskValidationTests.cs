using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Database;

public sealed class EnqueueTaskValidationTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string EnqueueSql = """
        SELECT clb.enqueue_task(task_id => @task_id, region => @region, account => @account,
            callback_url => @callback_url, metadata => @metadata::jsonb, deadline => @deadline::timestamptz)
        """;

    private const string CountSql = "SELECT count(*) FROM clb.tasks";

    public static TheoryData<string, string?> BadArguments => new()
    {
        { "task_id", null },
        { "task_id", "" },
        { "task_id", "a b" },
        { "task_id", "a\u00a0b" },
        { "task_id", "a\u0001b" },
        { "task_id", new string('a', 65) },
        { "region", null },
        { "region", "guangzhou" },
        { "region", "AP-guangzhou" },
        { "region", "ap-guangzhou-1" },
        { "account", null },
        { "account", "" },
        { "account", "has space" },
        { "callback_url", "ftp://hooks.example.test/clb" },
        { "callback_url", "not a url" },
        { "metadata", null },
        { "metadata", "[1, 2]" },
        { "metadata", "\"text\"" },
        { "deadline", "2000-01-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Enqueue_task_refuses_a_bad_argument_with_a_message_naming_it(string argument, string? value)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var arguments = ValidArguments();
        arguments[argument] = value;

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteScalarAsync<long>(EnqueueSql, arguments));

        Assert.Equal(PostgresErrorCodes.InvalidParameterValue, error.SqlState);
        Assert.StartsWith(argument, error.MessageText, StringComparison.Ordinal);
        Assert.Contains(" must ", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_task_with_valid_arguments_writes_one_row()
    {
        // The counterpart of the theory above: the baseline arguments it starts from are accepted.
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var rowsBefore = await connection.ExecuteScalarAsync<long>(CountSql);

        await connection.ExecuteScalarAsync<long>(EnqueueSql, ValidArguments());

        Assert.Equal(rowsBefore + 1, await connection.ExecuteScalarAsync<long>(CountSql));
    }

    private static Dictionary<string, object?> ValidArguments() => new()
    {
        ["task_id"] = Guid.NewGuid().ToString(),
        ["region"] = "ap-guangzhou",
        ["account"] = "default",
        ["callback_url"] = null,
        ["metadata"] = "{}",
        ["deadline"] = null,
    };
}
