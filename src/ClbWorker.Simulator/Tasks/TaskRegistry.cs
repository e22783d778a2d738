using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using ClbWorker.Simulator.CloudApi;
using ClbWorker.Simulator.Randomness;
using ClbWorker.Simulator.Validation;

namespace ClbWorker.Simulator.Tasks;

/// <summary>
/// Every task DescribeTaskStatus knows, by kind and id (a TaskId and a DealName live apart, as they do at Tencent).
/// Status is derived from the clock on each read, so nothing has to run in the background to move tasks along.
/// </summary>
internal sealed class TaskRegistry(ActionTaskSettings actionTasks, ClbRegions regions, SimulatorRandom random, TimeProvider time)
{
    private readonly ConcurrentDictionary<(SimulatedTaskKind Kind, string Id), SimulatedTask> _tasks = new();

    public int Count => _tasks.Count;

    public SimulatedTask? Find(string taskId, SimulatedTaskKind kind = SimulatedTaskKind.TaskId) => _tasks.GetValueOrDefault((kind, taskId));

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
        SimulatedTask Task(string id) =>
            new(id, request.Region, request.Outcome, now, completesAt, request.Kind, request.LoadBalancerIds is { } ids ? [.. ids] : null, request.Message);
        if (request.TaskId is { } explicitId)
        {
            var task = Task(explicitId);
            var key = (request.Kind, explicitId);
            var fresh = request.Outcome == SimulatedTaskOutcome.Unknown ? !_tasks.ContainsKey(key) : _tasks.TryAdd(key, task);
            if (!fresh)
                errors.Add("taskId", $"names an existing task ({explicitId}); leave it out to get a fresh id");
            else
                created = [task];
            return errors;
        }

        var tasks = new SimulatedTask[request.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task(request.Kind == SimulatedTaskKind.DealName ? NewDealName(now) : Guid.NewGuid().ToString());
            if (request.Outcome != SimulatedTaskOutcome.Unknown)
                _tasks[(request.Kind, tasks[i].TaskId)] = tasks[i];
        }
        created = tasks;
        return errors;
    }

    /// <summary>
    /// Registers the task a mutating action started, under its RequestId or (a prepaid change) a new DealName, with a
    /// random delay and a random failure.
    /// </summary>
    public SimulatedTask StartForAction(string requestId, string region, SimulatedTaskKind kind, IReadOnlyList<string>? loadBalancerIds)
    {
        var now = time.GetUtcNow();
        var delay = random.Between(actionTasks.MinDelay, actionTasks.MaxDelay);
        var outcome = random.Chance(actionTasks.FailureRate) ? SimulatedTaskOutcome.Failed : SimulatedTaskOutcome.Succeeded;
        var id = kind == SimulatedTaskKind.DealName ? NewDealName(now) : requestId;
        var task = new SimulatedTask(id, region, outcome, now, now + delay, kind, loadBalancerIds);
        _tasks[(kind, id)] = task;
        return task;
    }

    /// <summary>Shaped like Tencent's order ids: the date and twelve digits, e.g. <c>20260301123456789012</c>.</summary>
    private static string NewDealName(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + RandomNumberGenerator.GetString("0123456789", 12);
}
