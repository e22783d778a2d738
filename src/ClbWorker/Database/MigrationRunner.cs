using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ClbWorker.Database;

/// <summary>
/// Applies the embedded <c>db/migrations</c> scripts that the database has not seen yet, in file-name order, each
/// in its own transaction, recording them in <c>clb.schema_versions</c>. Safe to call from several processes at
/// once: they queue on an advisory lock, and the ones that get it later find nothing left to apply.
/// </summary>
public sealed class MigrationRunner(
    NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger, IEnumerable<IDatabaseInstaller>? installers = null)
{
    /// <summary>The journal table (in schema <see cref="ClbSchema.Name"/>) listing the applied scripts.</summary>
    public const string JournalTable = "schema_versions";

    // Any fixed number works; it only has to be the same in every ClbWorker process. Advisory locks are scoped to
    // the current database, so migrating two databases of one server never contends. ASCII "CLBMIGR".
    private const long AdvisoryLockKey = 0x0043_4C42_4D49_4752;

    private const string LockSql = "SELECT pg_advisory_lock(@key)";
    private const string UnlockSql = "SELECT pg_advisory_unlock(@key)";

    // The journal lives in the clb schema, so the schema must exist before DbUp reads or creates the journal.
    private const string CreateSchemaSql = "CREATE SCHEMA IF NOT EXISTS " + ClbSchema.Name;

    public async Task<MigrationResult> RunAsync(CancellationToken cancellationToken = default)
    {
        // A session-level lock held on a connection of its own while DbUp works on others; closing this connection
        // (even by a crash) releases it, so a killed process never blocks the next start.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await lockConnection.ExecuteAsync(new CommandDefinition(
            LockSql, new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await lockConnection.ExecuteAsync(new CommandDefinition(CreateSchemaSql, cancellationToken: cancellationToken));
            // DbUp is synchronous; this runs once at start-up, before the host serves anything.
            var upgrade = BuildEngine().PerformUpgrade();
            if (!upgrade.Successful)
            {
                throw new InvalidOperationException(
                    $"Database migration {upgrade.ErrorScript?.Name ?? "(before any script)"} failed: "
                    + $"{upgrade.Error?.Message}. Earlier scripts stay applied; fix the script or the database and start again.",
                    upgrade.Error);
            }

            var applied = upgrade.Scripts.Select(script => script.Name).ToList();
            if (applied.Count == 0)
            {
                logger.LogInformation("Database schema is up to date");
            }
            else
            {
                logger.LogInformation("Applied {Count} database migration(s): {Scripts}", applied.Count, string.Join(", ", applied));
            }

            foreach (var installer in installers ?? [])
            {
                installer.Install(lockConnection);
                logger.LogInformation("{Installer} schema is in place", installer.Name);
            }

            return new MigrationResult(applied);
        }
        finally
        {
            await lockConnection.ExecuteAsync(new CommandDefinition(UnlockSql, new { key = AdvisoryLockKey }));
        }
    }

    private UpgradeEngine BuildEngine() =>
        DeployChanges.To
            .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
            .JournalToPostgresqlTable(ClbSchema.Name, JournalTable)
            .WithScripts(MigrationScripts.Load())
            .WithTransactionPerScript()
            // DbUp would otherwise read $name$ in scripts as its own variables, which clashes with dollar quoting.
            .WithVariablesDisabled()
            .LogTo(logger)
            .Build();
}
