using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// A test class that runs application processes: a fresh migrated database, a simulator process, and
/// everything started through <see cref="Bed"/> stopped when the class ends. One class at a time.
/// </summary>
[Collection(ProcessTestsDefinition.Name)]
public abstract class ProcessTestClass(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private protected ProcessTestBed Bed { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Bed = await ProcessTestBed.StartAsync(database);

    public async ValueTask DisposeAsync()
    {
        if (Bed is not null)
            await Bed.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
