using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Polling;
using ClbWorker.Polling.SendBudget;
using Microsoft.Extensions.Options;

namespace ClbWorker.IntegrationTests.Polling;

public sealed class SendBudgetStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    // The figures below assume 30 ms of slack (not the default 40 ms): 1.03 s per 20 requests.
    private static readonly PollingOptions ThirtyMsSlack = new() { RateWindowSlack = TimeSpan.FromMilliseconds(30) };

    private SendBudgetStore Store(PollingOptions? options = null) => new(database.DataSource, Options.Create(options ?? ThirtyMsSlack));

    private static RateLimitKey NewKey() => new("default", $"host-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_reservation_grants_only_the_slots_that_start_within_the_horizon()
    {
        var store = Store();
        var key = NewKey();

        var first = await store.ReserveAsync(key, 20, 100, TestContext.Current.CancellationToken);
        var second = await store.ReserveAsync(key, 20, 100, TestContext.Current.CancellationToken);

        // 1.03 s per 20 requests: slots 0 .. 19 start within the 1 s horizon, the next one after it.
        Assert.Equal(20, first.Granted);
        Assert.InRange(first.Spacing.TotalMilliseconds, 51.4, 51.6);
        Assert.InRange((first.FirstSlotAt - first.DatabaseNow).TotalMilliseconds, 0, 1);
        Assert.Equal(0, second.Granted);
        Assert.InRange((second.NextFreeAt - second.DatabaseNow).TotalMilliseconds, 900, 1030);
    }

    [Fact]
    public async Task RequestLimitExceeded_halves_the_rate_and_holds_everyone_back_for_the_cooldown()
    {
        var store = Store(new PollingOptions { RateRecoveryPerSecond = 0, RateWindowSlack = ThirtyMsSlack.RateWindowSlack });
        var key = NewKey();
        var ct = TestContext.Current.CancellationToken;
        await store.ReserveAsync(key, 20, 1, ct);

        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await store.NoteLimitExceededAsync(connection, transaction, key, ct);
            await store.NoteLimitExceededAsync(connection, transaction, key, ct); // the same burst of refusals halves once
            await transaction.CommitAsync(ct);
        }
        var after = await store.ReserveAsync(key, 20, 100, ct);

        Assert.InRange(after.Spacing.TotalMilliseconds, 102.9, 103.1);
        Assert.True(after.Granted == 0 || after.FirstSlotAt - after.DatabaseNow >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Concurrent_workers_never_plan_more_than_the_limit_into_any_second_and_use_most_of_it()
    {
        const int Limit = 20;
        var ct = TestContext.Current.CancellationToken;
        var key = NewKey();
        var run = TimeSpan.FromSeconds(4);
        var started = DateTimeOffset.UtcNow;
        var planned = new List<DateTimeOffset>();

        async Task Worker()
        {
            var store = Store();
            while (DateTimeOffset.UtcNow - started < run)
            {
                var grant = await store.ReserveAsync(key, Limit, 7, ct);
                lock (planned)
                    planned.AddRange(Enumerable.Range(0, grant.Granted).Select(grant.SlotAt));
                await Task.Delay(grant.Granted == 0 ? TimeSpan.FromMilliseconds(30) : (grant.NextFreeAt - grant.DatabaseNow) / 2, ct);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(Worker, ct)));

        planned.Sort();
        var busiest = planned.Select((t, i) => planned.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
        var span = (planned[^1] - planned[0]).TotalSeconds;
        Assert.InRange(busiest, Limit - 1, Limit);
        Assert.True(planned.Count / span >= 0.95 * Limit, $"{planned.Count} slots over {span:0.00} s");
    }
}
