using Npgsql;

namespace ClbWorker.Database;

/// <summary>
/// Schema that another component owns (Hangfire's) but that must be installed under the same migration lock
/// as ours: processes starting together on a new database would otherwise race to create it.
/// </summary>
public interface IDatabaseInstaller
{
    /// <summary>A name for the log.</summary>
    string Name { get; }

    /// <summary>Installs or upgrades, idempotently, over <paramref name="connection"/> while the lock is held.</summary>
    void Install(NpgsqlConnection connection);
}
