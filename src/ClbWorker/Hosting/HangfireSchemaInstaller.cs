using ClbWorker.Database;
using Hangfire.PostgreSql;
using Npgsql;

namespace ClbWorker.Hosting;

/// <summary>Installs Hangfire's tables in their own schema during our migrations, under our migration lock.</summary>
internal sealed class HangfireSchemaInstaller : IDatabaseInstaller
{
    public string Name => "Hangfire";

    public void Install(NpgsqlConnection connection) => PostgreSqlObjectsInstaller.Install(connection, HangfireSetup.SchemaName);
}
