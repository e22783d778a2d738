using System.Runtime.InteropServices;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>
/// Every process the harness started and every cleanup it owes (a database cluster to stop, a worktree to remove).
/// On Ctrl+C, SIGTERM, a failure half-way or a normal end, <see cref="CleanUpAsync"/> kills what is left and runs the
/// cleanups, so no worker, simulator or cluster outlives the harness.
/// </summary>
public sealed class ProcessRegistry : IDisposable
{
    private readonly Lock gate = new();
    private readonly HashSet<ChildProcess> children = [];
    private readonly Stack<(string What, Func<Task> Cleanup)> cleanups = new();
    private readonly List<PosixSignalRegistration> signals = [];
    private readonly CancellationTokenSource interrupted = new();
    private int cleanedUp;

    public ProcessRegistry()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // Keep the process alive until the run notices the cancellation and cleans up.
                context.Cancel = true;
                Console.Error.WriteLine($"[harness] {context.Signal} received: stopping every process it started");
                interrupted.Cancel();
            }));
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>Cancelled when the user interrupts the harness.</summary>
    public CancellationToken Interrupted => interrupted.Token;

    public void Add(ChildProcess child)
    {
        lock (gate)
            children.Add(child);
    }

    public void Remove(ChildProcess child)
    {
        lock (gate)
            children.Remove(child);
    }

    /// <summary>Registers something to undo at the end, last registered first.</summary>
    public void OnCleanUp(string what, Func<Task> cleanup)
    {
        lock (gate)
            cleanups.Push((what, cleanup));
    }

    public async Task CleanUpAsync()
    {
        if (Interlocked.Exchange(ref cleanedUp, 1) == 1)
            return;
        KillAll();
        while (true)
        {
            (string What, Func<Task> Cleanup) next;
            lock (gate)
            {
                if (!cleanups.TryPop(out next))
                    break;
            }
            try
            {
                await next.Cleanup();
            }
            catch (Exception error)
            {
                Console.Error.WriteLine($"[harness] cleaning up {next.What} failed: {error.Message}");
            }
        }
    }

    private void KillAll()
    {
        ChildProcess[] left;
        lock (gate)
            left = [.. children];
        foreach (var child in left)
            child.KillNow();
    }

    public void Dispose()
    {
        foreach (var signal in signals)
            signal.Dispose();
        interrupted.Dispose();
    }
}
