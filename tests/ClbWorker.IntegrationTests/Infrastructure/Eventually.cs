namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>Waits on real time for a condition that asynchronous work makes true, failing with what was awaited.</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not true within {within}: {what}. Last value: {value}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
