using ClbWorker.Database;

namespace ClbWorker.UnitTests.Database;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new DatabaseOptions().Validate());
    }

    [Theory]
    [InlineData(80, "clbworker", "Database:LocalClusterPort")]
    [InlineData(70000, "clbworker", "Database:LocalClusterPort")]
    [InlineData(null, "ClbWorker", "Database:LocalDatabaseName")]
    [InlineData(null, "clb-worker", "Database:LocalDatabaseName")]
    [InlineData(null, "", "Database:LocalDatabaseName")]
    public void An_invalid_value_is_reported_with_its_key(int? port, string databaseName, string key)
    {
        var errors = new DatabaseOptions { LocalClusterPort = port, LocalDatabaseName = databaseName }.Validate();

        Assert.StartsWith(key, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_cluster_path_is_reported_with_its_key()
    {
        var errors = new DatabaseOptions { LocalClusterPath = " " }.Validate();

        Assert.StartsWith("Database:LocalClusterPath", Assert.Single(errors), StringComparison.Ordinal);
    }
}
