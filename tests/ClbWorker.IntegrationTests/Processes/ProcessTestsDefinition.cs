namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// Tests that run several application processes and measure rates and latencies: one at a time, and never
/// alongside other test classes, so that they have the machine's cores to themselves.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestsDefinition
{
    public const string Name = "Processes";
}
