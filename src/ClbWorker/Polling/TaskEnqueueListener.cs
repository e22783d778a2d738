using Microsoft.Extensions.Logging;
using ClbWorker.Database;
using Npgsql;

namespace ClbWorker.Polling;

/// <summary>
/// LISTENs on the channel the insert trigger of <c>clb.tasks</c> notifies, and wakes the polling loop so a
/// new task is polled within its first slot instead of at the next idle check. Only a latency
/// optimisation: a lost connection is re-established, and the loop's idle check keeps working meanwhile.
/// </summary>
public sealed class TaskEnqueueListener(NpgsqlDataSource dataSource, ILogger<TaskEnqueueListener> logger)
{
    private const string ListenSql = "LISTEN " + ClbSchema.TasksEnqueuedChannel;

    // A silent TCP failure would block WaitAsync forever; checking the connection this often bounds that.
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    public async Task RunAsync(Action wake, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => wake();
                await using (var listen = new NpgsqlCommand(ListenSql, connection))
                    await listen.ExecuteNonQueryAsync(ct);
                wake(); // Tasks may have arrived while not listening.
                while (!ct.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(LivenessCheck, ct))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for new tasks failed; reconnecting in {Delay} (polling continues meanwhile)", Reconnect);
                try
                {
                    await Task.Delay(Reconnect, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
