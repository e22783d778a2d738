namespace ClbWorker.Database;

/// <summary>
/// Settings of the local PostgreSQL cluster that the Development environment starts when no connection string
/// <c>ConnectionStrings:Postgres</c> is configured. Configuration section <c>Database</c>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>
    /// Folder of the local cluster (<c>Database:LocalClusterPath</c>); a relative path is taken from the content
    /// root. Default: <c>.data/postgres</c> in the repository root (the folder holding ClbWorker.sln), or in the
    /// content root when there is no repository around.
    /// </summary>
    public string? LocalClusterPath { get; set; }

    /// <summary>
    /// TCP port on 127.0.0.1 for the local cluster (<c>Database:LocalClusterPort</c>), 1024-65535. Default: the
    /// port it used last time if still free, else any free port.
    /// </summary>
    public int? LocalClusterPort { get; set; }

    /// <summary>
    /// Database in the local cluster that ClbWorker creates if missing and uses (<c>Database:LocalDatabaseName</c>):
    /// 1-63 lowercase letters, digits and underscores. Default: <c>clbworker</c>.
    /// </summary>
    public string LocalDatabaseName { get; set; } = "clbworker";

    /// <summary>What is wrong, one message per key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LocalClusterPort is < 1024 or > 65535)
        {
            errors.Add($"{SectionName}:{nameof(LocalClusterPort)} is {LocalClusterPort}; use a port from 1024 to 65535, or leave it unset to pick a free one.");
        }

        if (!DatabaseAdmin.IsSafeName(LocalDatabaseName))
        {
            errors.Add($"{SectionName}:{nameof(LocalDatabaseName)} is '{LocalDatabaseName}'; use 1 to 63 lowercase letters, digits and underscores, starting with a letter or underscore.");
        }

        if (LocalClusterPath is not null && string.IsNullOrWhiteSpace(LocalClusterPath))
        {
            errors.Add($"{SectionName}:{nameof(LocalClusterPath)} is blank; give a folder, or leave it unset for .data/postgres.");
        }

        return errors;
    }
}
