using Hangfire.PostgreSql;
using Npgsql;

namespace ClbWorker.Hosting;

/// <summary>Hangfire's storage draws its connections from the application's one NpgsqlDataSource (one pool, one configuration).</summary>
internal sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
