using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace ClbWorker.Database;

/// <summary>Creating databases, for the local cluster and the test fixtures.</summary>
internal static partial class DatabaseAdmin
{
    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)";

    /// <summary>Whether <paramref name="name"/> is a database name we accept: 1-63 lowercase letters, digits and
    /// underscores, not starting with a digit, so it never needs quoting rules beyond double quotes.</summary>
    public static bool IsSafeName(string? name) => name is not null && SafeName().IsMatch(name);

    /// <summary>Creates the database unless it exists; returns whether it was created. Safe to race.</summary>
    public static async Task<bool> CreateIfMissingAsync(string adminConnectionString, string name, CancellationToken cancellationToken)
    {
        if (!IsSafeName(name))
        {
            throw new ArgumentException(
                $"Database name '{name}' is not allowed: use 1 to 63 lowercase letters, digits and underscores, starting with a letter or underscore.",
                nameof(name));
        }

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { name }, cancellationToken: cancellationToken)))
        {
            return false;
        }

        try
        {
            // DDL takes no parameters; the name was checked against SafeName above, so quoting it is enough.
            await connection.ExecuteAsync(new CommandDefinition($"CREATE DATABASE \"{name}\"", cancellationToken: cancellationToken));
            return true;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SafeName();
}
