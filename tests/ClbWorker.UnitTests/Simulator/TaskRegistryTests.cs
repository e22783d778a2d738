using ClbWorker.Simulator;
using ClbWorker.Simulator.CloudApi;
using ClbWorker.Simulator.Randomness;
using ClbWorker.Simulator.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Simulator;

public sealed class TaskRegistryTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    private TaskRegistry Registry(SimulatorOptions? options = null) =>
        new(ActionTaskSettings.From(options ?? new SimulatorOptions()), new ClbRegions([]), new SimulatorRandom(5), _clock);

    [Fact]
    public void Unknown_tasks_are_handed_out_but_not_registered()
    {
        var registry = Registry();

        var errors = registry.TryCreate(new SimulatedTaskRequest { Count = 3, Outcome = SimulatedTaskOutcome.Unknown }, out var created);

        Assert.True(errors.IsEmpty);
        Assert.Equal(3, created.Count);
        Assert.All(created, t => Assert.Null(registry.Find(t.TaskId)));
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void Tasks_complete_their_delay_after_creation()
    {
        var registry = Registry();

        registry.TryCreate(new SimulatedTaskRequest { Delay = TimeSpan.FromSeconds(4), TaskId = "t1" }, out _);

        Assert.Equal(_clock.GetUtcNow().AddSeconds(4), registry.Find("t1")!.CompletesAt);
    }

    [Fact]
    public void Explicit_id_that_exists_is_refused_and_the_first_task_kept()
    {
        var registry = Registry();
        registry.TryCreate(new SimulatedTaskRequest { TaskId = "t1" }, out _);

        var errors = registry.TryCreate(new SimulatedTaskRequest { TaskId = "t1", Outcome = SimulatedTaskOutcome.Failed }, out var created);

        Assert.Contains("taskId names an existing task (t1); leave it out to get a fresh id.", errors.Messages);
        Assert.Empty(created);
        Assert.Equal(SimulatedTaskOutcome.Succeeded, registry.Find("t1")!.Outcome);
    }

    [Fact]
    public void Several_problems_are_reported_together_by_field()
    {
        var request = new SimulatedTaskRequest { Count = 2, TaskId = "t1", Region = "mars-1", Delay = TimeSpan.FromDays(2) };

        var errors = Registry().TryCreate(request, out _).ToDictionary();

        Assert.Equal(["delay", "region", "taskId"], errors.Keys.Order());
    }

    [Fact]
    public void Action_tasks_get_a_delay_within_the_configured_range_and_fail_at_the_configured_rate()
    {
        var options = new SimulatorOptions
        {
            ActionTaskMinDelay = TimeSpan.FromSeconds(2),
            ActionTaskMaxDelay = TimeSpan.FromSeconds(3),
            ActionTaskFailureRate = 0.2,
        };
        var registry = Registry(options);

        var tasks = Enumerable.Range(0, 2000).Select(i => registry.StartForAction($"r{i}", "ap-beijing", SimulatedTaskKind.TaskId, null)).ToList();

        Assert.All(tasks, t => Assert.InRange(t.CompletesAt!.Value - t.CreatedAt, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)));
        Assert.InRange(tasks.Count(t => t.Outcome == SimulatedTaskOutcome.Failed), 320, 480);
        Assert.Equal("ap-beijing", registry.Find("r7")!.Region);
    }
}
