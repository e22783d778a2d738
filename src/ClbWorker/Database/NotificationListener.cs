using Microsoft.Extensions.Logging;
using Npgsql;

namespace ClbWorker.Database;

/// <summary>
/// LISTENs on one of the channels our triggers notify (<see cref="ClbSchema"/>) and wakes a loop, so new work
/// is picked up at once instead of at the loop's next idle check. Only a latency optimisation: a lost
/// connection is re-established, and the loop's idle check keeps working meanwhile.
/// </summary>
public sealed class NotificationListener(NpgsqlDataSource dataSource, ILogger<NotificationListener> logger)
{
    private static readonly Dictionary<string, string> ListenSql = new()
    {
        [ClbSchema.TasksEnqueuedChannel] = "LISTEN " + ClbSchema.TasksEnqueuedChannel,
        [ClbSchema.WebhooksEnqueuedChannel] = "LISTEN " + ClbSchema.WebhooksEnqueuedChannel,
        [ClbSchema.TaskEventsChannel] = "LISTEN " + ClbSchema.TaskEventsChannel,
    };

    // A silent TCP failure would block WaitAsync forever; checking the connection this often bounds that.
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    /// <param name="channel">One of the channel constants of <see cref="ClbSchema"/>.</param>
    public async Task RunAsync(string channel, Action wake, CancellationToken ct)
    {
        var listenSql = ListenSql[channel];
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => wake();
                await using (var listen = new NpgsqlCommand(listenSql, connection))
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
                logger.LogWarning(ex, "Listening on {Channel} failed; reconnecting in {Delay} (idle checks continue meanwhile)", channel, Reconnect);
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
