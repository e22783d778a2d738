using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>
/// A PostgreSQL server of a test class's own in a Testcontainers container (<see cref="PostgresServer.StartContainerAsync"/>),
/// whatever the rest of the run uses: declare <c>IClassFixture&lt;ContainerPostgres&gt;</c> and call <see cref="ServerAsync"/>
/// first in each test. Nothing starts unless container tests are required and an engine answers: the test then fails or
/// is skipped (<see cref="ContainerTests"/>).
/// </summary>
public sealed class ContainerPostgres : IAsyncLifetime
{
    private PostgresServer? server;

    public async ValueTask InitializeAsync()
    {
        if (ContainerTests.Required && await DockerEngine.AnswersAsync())
            server = await PostgresServer.StartContainerAsync();
    }

    public async Task<PostgresServer> ServerAsync()
    {
        await ContainerTests.RequireAsync();
        var started = server ?? throw new InvalidOperationException("A Docker engine answers now but did not when the class started.");
        // In the run's output (xunit.runner.json shows diagnostic messages), so that a CI log says the route ran.
        TestContext.Current.SendDiagnosticMessage($"{TestContext.Current.Test?.TestDisplayName}: PostgreSQL through {started.Source}");
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
            await server.DisposeAsync();
    }
}
