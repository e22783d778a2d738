namespace ClbWorker.Development;

/// <summary>Thrown when a local PostgreSQL cluster is needed but no server programs are installed.</summary>
public sealed class PostgresNotAvailableException : Exception
{
    public PostgresNotAvailableException()
        : base(
            "No PostgreSQL server programs (initdb and pg_ctl) were found on PATH or under "
            + $"{PostgresBinaries.DebianInstallRoot}/<version>/bin. Either install them (Debian/Ubuntu: "
            + "apt-get install postgresql), or point ClbWorker at an existing server with the connection string "
            + "ConnectionStrings:Postgres (environment variable ConnectionStrings__Postgres), or, for the integration "
            + "tests, start a Docker engine so they can run PostgreSQL in a container.")
    {
    }

    public PostgresNotAvailableException(string message)
        : base(message)
    {
    }

    public PostgresNotAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
