using System.Globalization;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>A worker process dies (SIGKILL) while it holds leased tasks, and another worker takes over.</summary>
public sealed class KilledWorkerTests(MigratedDatabase database) : ProcessTestClass(database)
{
    private const int Tasks = 200;
    private static readonly Dictionary<string, string> ShortLease = new() { ["LeaseDuration"] = "00:00:10" };

    [Fact(Timeout = 120_000)]
    public async Task Tasks_a_killed_worker_held_are_polled_by_another_worker_once_their_leases_expire_and_none_is_lost()
    {
        // Each task answers "running" for its first 3 s, so the early ones need more than one poll.
        var ids = await Bed.Simulator.CreateTasksAsync(Tasks, TimeSpan.FromSeconds(3), "succeeded");
        await Bed.Tasks.EnqueueAsync(ids);
        var a = Bed.StartWorker("worker-a", ShortLease);
        // Killed late in the backlog, so that B runs out of other work while A's leases still run: B then has
        // budget to spare, and only the lease keeps it from polling A's tasks early.
        await Eventually.ReturnsAsync(Bed.Tasks.RowsAsync, r => r.Count(t => t.IsFinal) >= Tasks * 7 / 10 && r.Count(t => t.LeaseOwner is not null) >= 10,
            TimeSpan.FromSeconds(60), "worker A through most of the backlog, holding leases");

        await a.KillAsync();
        var held = await Bed.Tasks.LeasedAsync();
        var b = Bed.StartWorker("worker-b", ShortLease);
        var watch = new LeaseWatch(Bed.Tasks, held);
        await watch.RunAsync(within: TimeSpan.FromSeconds(60));
        var rows = await Eventually.ReturnsAsync(Bed.Tasks.RowsAsync, r => r.All(t => t.IsFinal), TimeSpan.FromSeconds(60), "every task final");

        var firstExpiry = held.Min(r => r.LeaseExpiresAt!.Value);
        var heldIds = held.Select(r => r.TaskId).ToHashSet();
        var othersDone = rows.Where(r => !heldIds.Contains(r.TaskId)).Max(r => r.CompletedAt!.Value);
        var bFirstSend = WorkerLog.FirstSend(b)?.At.UtcDateTime;
        var traffic = (await Bed.Simulator.PollerTrafficAsync())!;
        var unrecorded = traffic.CountedAnswers - rows.Sum(r => r.Attempts);
        var final = rows.ToDictionary(r => r.TaskId);
        ProcessTestBed.Report(string.Create(CultureInfo.InvariantCulture,
            $"A held {held.Count} tasks when killed, leases expiring {firstExpiry:HH:mm:ss.fff} to {held.Max(r => r.LeaseExpiresAt):HH:mm:ss.fff}; " +
            $"B first sent at {bFirstSend:HH:mm:ss.fff} and finished every other task at {othersDone:HH:mm:ss.fff}; " +
            $"A's tasks taken over {watch.TakenOverAfterExpiry.Values.Min().TotalSeconds:F2} to {watch.TakenOverAfterExpiry.Values.Max().TotalSeconds:F2} s " +
            $"after their expiry (looks every 100 ms); answers never recorded (in flight when A died): {unrecorded}"));

        Assert.Multiple(
            () => Assert.All(held, r => Assert.True(a.Owns(r.LeaseOwner!), $"{r.TaskId} leased by {r.LeaseOwner}, not worker A")),
            () => Assert.All(rows, r => Assert.Equal(("succeeded", null), (r.State, r.LeaseOwner))),
            // B had nothing else left to poll before A's leases ran out, so leaving A's tasks alone was the lease's doing.
            () => Assert.True(bFirstSend < othersDone && othersDone < firstExpiry,
                $"B first sent at {bFirstSend:HH:mm:ss.fff} and finished the rest at {othersDone:HH:mm:ss.fff}, not both before {firstExpiry:HH:mm:ss.fff}"),
            () => Assert.Empty(watch.ChangedBeforeExpiry),
            () => Assert.All(held, r => Assert.True(final[r.TaskId].Attempts > r.Attempts && final[r.TaskId].LastPolledAt >= r.LeaseExpiresAt,
                $"{r.TaskId}: {r.Attempts} attempts at the kill, {final[r.TaskId].Attempts} at the end, last polled {final[r.TaskId].LastPolledAt:HH:mm:ss.fff}")),
            // Only a poll of a task A still held can have been answered without being written.
            () => Assert.InRange(unrecorded, 0, held.Count));
    }
}
