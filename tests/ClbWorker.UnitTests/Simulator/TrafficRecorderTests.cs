using ClbWorker.Simulator;
using ClbWorker.Simulator.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Simulator;

public sealed class TrafficRecorderTests
{
    private static readonly TrafficKey Key = new("AKID1", "127.0.0.1:18080", "DescribeTaskStatus");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Largest_window_is_the_most_arrivals_within_any_second()
    {
        var recorder = new TrafficRecorder(_clock);
        Arrive(recorder, 5);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Arrive(recorder, 5);   // 10 within 999 ms
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Arrive(recorder, 4);   // the first five left: 9 in this window

        Assert.Equal(10, recorder.Snapshot().Keys.Single().LargestOneSecondArrivals);
    }

    [Fact]
    public void Outcomes_are_counted_by_kind_and_code()
    {
        var recorder = new TrafficRecorder(_clock);
        recorder.Arrive(Key).Accept();
        recorder.Arrive(Key).Reject("RequestLimitExceeded");
        recorder.Arrive(Key).Reject("RequestLimitExceeded");
        var hung = recorder.Arrive(Key);
        hung.Delay(SimulatorFaultKind.Hang);
        hung.Abandon();
        recorder.Arrive(Key).Fault(SimulatorFaultKind.ServerError);

        var stats = recorder.Snapshot().Keys.Single();

        Assert.Equal((5, 1, 2, 1, 1), (stats.Requests, stats.Accepted, stats.Rejected, stats.Faulted, stats.Abandoned));
        Assert.Equal(2, stats.RejectionsByCode["RequestLimitExceeded"]);
        Assert.Equal(1, stats.FaultsByKind[SimulatorFaultKind.Hang]);
        Assert.Equal(1, stats.FaultsByKind[SimulatorFaultKind.ServerError]);
    }

    [Fact]
    public void Keys_are_reported_separately()
    {
        var recorder = new TrafficRecorder(_clock);
        recorder.Arrive(Key);
        recorder.Arrive(Key with { Action = "CreateListener" });

        var stats = recorder.Snapshot();

        Assert.Equal(2, stats.Keys.Count);
        Assert.Equal(1, stats.For(Key.SecretId, Key.Host, "CreateListener")!.Requests);
    }

    [Fact]
    public void Reset_forgets_counters_and_restarts_the_period()
    {
        var recorder = new TrafficRecorder(_clock);
        var before = recorder.Arrive(Key);
        _clock.Advance(TimeSpan.FromMinutes(2));

        recorder.Reset();
        before.Accept(); // a request in flight across the reset lands in the old period

        var stats = recorder.Snapshot();
        Assert.Empty(stats.Keys);
        Assert.Equal(_clock.GetUtcNow(), stats.Since);
    }

    [Fact]
    public void Concurrent_arrivals_are_all_counted()
    {
        var recorder = new TrafficRecorder(_clock);

        Parallel.For(0, 10_000, i => recorder.Arrive(Key with { Action = i % 2 == 0 ? "A" : "B" }).Accept());

        var stats = recorder.Snapshot();
        Assert.All(stats.Keys, k => Assert.Equal((5000, 5000, 5000), (k.Requests, k.Accepted, k.LargestOneSecondArrivals)));
    }

    private static void Arrive(TrafficRecorder recorder, int count)
    {
        for (var i = 0; i < count; i++)
            recorder.Arrive(Key);
    }
}
