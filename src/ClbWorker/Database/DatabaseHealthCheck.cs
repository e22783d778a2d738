using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ClbWorker.Database;

/// <summary>Healthy when PostgreSQL answers and the latest migration this build carries is recorded as applied.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    private const string MigratedSql = "SELECT EXISTS (SELECT 1 FROM " + ClbSchema.Name + "." + MigrationRunner.JournalTable + " WHERE scriptname = @script)";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var latest = MigrationScripts.LatestName;
        await using var command = dataSource.CreateCommand(MigratedSql);
        command.Parameters.AddWithValue("script", latest);
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken) is true
                ? HealthCheckResult.Healthy($"PostgreSQL answers; migrated to {latest}.")
                : HealthCheckResult.Unhealthy($"PostgreSQL answers, but migration {latest} is not applied; it is applied when ClbWorker starts.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL answers, but no ClbWorker migration is applied; they are applied when ClbWorker starts.");
        }
    }
}
