using System.Collections.Concurrent;
using ClbWorker.Simulator.CloudApi;
using ClbWorker.Simulator.Randomness;
using ClbWorker.Simulator.Validation;

namespace ClbWorker.Simulator.Tasks;

/// <summary>
/// Every task DescribeTaskStatus knows, by TaskId. Status is derived from the clock on each read, so nothing
/// has to run in the background to move tasks along.
/// </summary>
internal sealed class TaskRegistry(ActionTaskSettings actionTasks, ClbRegions regions, SimulatorRandom random, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);

    public int Count => _tasks.Count;

    public SimulatedTask? Find(string taskId) => _tasks.GetValueOrDefault(taskId);

    /// <summary>
    /// Creates the requested tasks, or none and the problems. <see cref="SimulatedTaskOutcome.Unknown"/> tasks
    /// are described to the caller but never registered.
    /// </summary>
    public ValidationErrors TryCreate(SimulatedTaskRequest request, out IReadOnlyList<SimulatedTask> created)
    {
        created = [];
        var errors = TaskRequestRules.Check(request, regions);
        if (!errors.IsEmpty)
            return errors;

        var now = time.GetUtcNow();
        DateTimeOffset? completesAt =
            request.Outcome is SimulatedTaskOutcome.Succeeded or SimulatedTaskOutcome.Failed ? now + request.Delay : null;
        if (request.TaskId is { } explicitId)
        {
            var task = new SimulatedTask(explicitId, request.Region, request.Outcome, now, completesAt);
            var fresh = request.Outcome == SimulatedTaskOutcome.Unknown ? !_tasks.ContainsKey(explicitId) : _tasks.TryAdd(explicitId, task);
            if (!fresh)
                errors.Add("taskId", $"names an existing task ({explicitId}); leave it out to get a fresh id");
            else
                created = [task];
            return errors;
        }

        var tasks = new SimulatedTask[request.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = new SimulatedTask(Guid.NewGuid().ToString(), request.Region, request.Outcome, now, completesAt);
            if (request.Outcome != SimulatedTaskOutcome.Unknown)
                _tasks[tasks[i].TaskId] = tasks[i];
        }
        created = tasks;
        return errors;
    }

    /// <summary>Registers the task a mutating action started: its RequestId, a random delay and a random failure.</summary>
    public SimulatedTask StartForAction(string requestId, string region)
    {
        var now = time.GetUtcNow();
        var delay = random.Between(actionTasks.MinDelay, actionTasks.MaxDelay);
        var outcome = random.Chance(actionTasks.FailureRate) ? SimulatedTaskOutcome.Failed : SimulatedTaskOutcome.Succeeded;
        var task = new SimulatedTask(requestId, region, outcome, now, now + delay);
        _tasks[requestId] = task;
        return task;
    }
}
