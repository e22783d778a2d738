using ClbWorker.Database;
using ClbWorker.Development;
using ClbWorker.Hosting.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ClbWorker.UnitTests.Database;

public sealed class DatabaseHostingExtensionsTests
{
    [Fact]
    public async Task Outside_development_a_missing_connection_string_fails_naming_the_key()
    {
        var builder = Builder("Production", connectionString: "");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => builder.AddClbDatabaseAsync(TestContext.Current.CancellationToken));

        Assert.Contains("ConnectionStrings:Postgres", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_fails_naming_the_key()
    {
        var builder = Builder("Production", connectionString: "Hots=db;Database=clbworker");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => builder.AddClbDatabaseAsync(TestContext.Current.CancellationToken));

        Assert.Contains("ConnectionStrings:Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_fail_before_anything_starts()
    {
        var builder = Builder("Development", connectionString: "");
        builder.Configuration["Database:LocalClusterPort"] = "80";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => builder.AddClbDatabaseAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Database:LocalClusterPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_connection_string_wins_even_in_development_and_nothing_connects_yet()
    {
        var builder = Builder("Development", connectionString: "Host=db.invalid;Database=clbworker;Username=u;Password=secret");

        await builder.AddClbDatabaseAsync(TestContext.Current.CancellationToken);
        await using var app = builder.Build();

        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(("db.invalid", "clbworker", "ClbWorker"), (settings.Host, settings.Database, settings.ApplicationName));
        Assert.Null(app.Services.GetService<LocalPostgresCluster>());
        Assert.NotNull(app.Services.GetService<MigrationRunner>());
    }

    [Theory]
    [InlineData("Host=db.invalid;Database=clbworker", GssEncryptionMode.Disable)]
    [InlineData("Host=db.invalid;Database=clbworker;GSS Encryption Mode=Prefer", GssEncryptionMode.Prefer)]
    [InlineData("Host=db.invalid;Database=clbworker;gssencryptionmode=Require", GssEncryptionMode.Require)]
    public async Task Gss_session_encryption_is_off_unless_the_connection_string_asks_for_it(string connectionString, GssEncryptionMode expected)
    {
        var builder = Builder("Production", connectionString);

        await builder.AddClbDatabaseAsync(TestContext.Current.CancellationToken);
        await using var app = builder.Build();

        var settings = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        Assert.Equal(expected, settings.GssEncryptionMode);
    }

    private static WebApplicationBuilder Builder(string environment, string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        // Set explicitly so that a connection string in the test run's environment cannot leak in.
        builder.Configuration["ConnectionStrings:Postgres"] = connectionString;
        return builder;
    }
}
