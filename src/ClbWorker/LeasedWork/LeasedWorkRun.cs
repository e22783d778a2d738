using System.Threading.Channels;
using ClbWorker.Database;
using ClbWorker.Hosting;
using Microsoft.Extensions.Logging;

namespace ClbWorker.LeasedWork;

/// <summary>
/// One run of a leased-work loop in this process: rounds that claim and start items (the capability's
/// <see cref="ILeasedWorkRound{TOutcome}"/>), items in flight under the caps of an <see cref="InFlightGate"/>,
/// outcomes written in batches, and on stop a drain: items already started get
/// <see cref="ILeasedWorkOptions.ShutdownGrace"/> to finish, then they are cut off.
/// </summary>
public sealed class LeasedWorkRun<TOutcome> : IDisposable
{
    private readonly ILeasedWork<TOutcome> work;
    private readonly NotificationListener listener;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Channel<TOutcome> outcomes = Channel.CreateUnbounded<TOutcome>(new() { SingleReader = true });
    private readonly WakeSignal wake = new();
    private readonly CancellationTokenSource hardStop = new();
    private readonly InFlightGate gate;
    private readonly List<Task> running = [];
    private CancellationToken stopping;

    public LeasedWorkRun(ILeasedWork<TOutcome> work, string owner, NotificationListener listener, TimeProvider time, ILogger logger)
    {
        this.work = work;
        this.listener = listener;
        this.time = time;
        this.logger = logger;
        Owner = owner;
        gate = new InFlightGate(work.MaxInFlight, work.MaxInFlightPerPartition);
    }

    /// <summary>The lease owner this run writes into the rows it claims.</summary>
    public string Owner { get; }

    public LeasedWorkSummary Summary { get; } = new();

    /// <summary>Cancelled when the run stops claiming: items still waiting to start hand their rows back.</summary>
    public CancellationToken Stopping => stopping;

    /// <summary>Cancelled when the shutdown grace has run out: items still in flight are cut off.</summary>
    public CancellationToken HardStop => hardStop.Token;

    /// <summary>How many more items may start now.</summary>
    public int FreeCapacity => gate.Free;

    /// <summary>How many more items of <paramref name="partition"/> may start now.</summary>
    public int RoomIn(string partition) => gate.RoomIn(partition);

    /// <summary>
    /// Starts one item if the caps have room for it, checked for this item alone. The item counts as in flight until
    /// <paramref name="item"/> completes; its outcome (if any) goes to the batch writer. An exception it throws is
    /// turned into an outcome by <paramref name="onFault"/>, so a bad item fails only itself.
    /// </summary>
    /// <returns>False when a cap is full: the item was not started, and the caller hands it back.</returns>
    public bool TryStart(string? partition, Func<Task<TOutcome?>> item, Func<Exception, TOutcome?> onFault)
    {
        if (!gate.TryEnter(partition))
            return false;
        Summary.CountStarted();
        var task = RunItemAsync(partition, item, onFault);
        lock (running)
        {
            running.RemoveAll(t => t.IsCompleted);
            running.Add(task);
        }
        return true;
    }

    /// <summary>Hands an outcome to the batch writer.</summary>
    public void Publish(TOutcome outcome)
    {
        if (!outcomes.Writer.TryWrite(outcome))
            logger.LogError("{Title}: an outcome arrived after the run's writer had finished; its lease will expire", work.Title);
    }

    /// <summary>Ends the loop's current wait: new work arrived, or room came free.</summary>
    public void Wake() => wake.Set();

    public async Task RunAsync(CancellationToken stopClaiming)
    {
        stopping = stopClaiming;
        var round = work.BeginRun(this);
        var writer = new BatchWriter<TOutcome>(round.WriteAsync, work.Title, time, logger);
        var writing = writer.RunAsync(outcomes.Reader, hardStop.Token);
        var listening = listener.RunAsync(work.WakeChannel, Wake, stopClaiming);
        try
        {
            while (!stopClaiming.IsCancellationRequested)
            {
                RoundResult result;
                try
                {
                    result = await round.RunOnceAsync(stopClaiming);
                }
                catch (Exception ex) when (!stopClaiming.IsCancellationRequested)
                {
                    // The database may be restarting: nothing is lost (leases expire), so wait and go on.
                    Summary.CountFailedRound();
                    logger.LogWarning(ex, "{Title} round failed; retrying in {Delay}", work.Title, work.Options.IdleCheckInterval);
                    result = RoundResult.Idle(work.Options.IdleCheckInterval);
                }
                Summary.AddRound(result);
                if (result.NextRoundIn > TimeSpan.Zero)
                    await wake.WaitAsync(result.NextRoundIn, stopClaiming);
            }
        }
        catch (OperationCanceledException) when (stopClaiming.IsCancellationRequested)
        {
        }
        finally
        {
            round.HandBack();
            await DrainAsync();
            outcomes.Writer.TryComplete();
            await writing;
            await listening;
            Summary.AddWrites(writer.Batches, writer.Abandoned);
            logger.LogInformation("{Title} run ended: {Summary} {Own}", work.Title, Summary, round.Describe());
        }
    }

    private async Task RunItemAsync(string? partition, Func<Task<TOutcome?>> item, Func<Exception, TOutcome?> onFault)
    {
        try
        {
            await Task.Yield(); // the round goes on starting others
            if (await item() is { } outcome)
                Publish(outcome);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Title}: an item failed unexpectedly; it alone is failed, the others go on", work.Title);
            if (onFault(ex) is { } outcome)
                Publish(outcome);
        }
        finally
        {
            if (gate.Exit(partition))
                Wake();
        }
    }

    private async Task DrainAsync()
    {
        Task[] pending;
        lock (running)
            pending = [.. running];
        var all = Task.WhenAll(pending);
        // Items already started get a short grace to finish; after it they are cut off and hand their rows back.
        if (await Task.WhenAny(all, Task.Delay(work.Options.ShutdownGrace, time)) != all)
            await hardStop.CancelAsync();
        await all;
    }

    public void Dispose()
    {
        hardStop.Dispose();
        wake.Dispose();
    }
}
