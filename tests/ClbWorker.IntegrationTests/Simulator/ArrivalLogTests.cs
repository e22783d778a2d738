using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

/// <summary>The arrival log an outside observer counts from: one line per request that reached the simulator.</summary>
public sealed class ArrivalLogTests : IAsyncLifetime
{
    private readonly string log = Path.Combine(Path.GetTempPath(), $"arrivals-{Guid.NewGuid():N}.csv");
    private RunningSimulator simulator = null!;

    public async ValueTask InitializeAsync()
    {
        var options = TestCredentials.Options();
        options.ArrivalLog = log;
        options.RateLimitPerSecond = 2;
        simulator = await RunningSimulator.StartAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        await simulator.DisposeAsync();
        File.Delete(log);
    }

    [Fact]
    public async Task Every_request_is_logged_with_its_key_answer_status_and_task_signed_or_not()
    {
        var taskId = (await simulator.CreateTasksAsync(new { delay = "00:00:00", outcome = "failed" }))[0];
        var describe = new SignedCall { Body = $$"""{"TaskId":"{{taskId}}"}""" };
        await simulator.CallAsync(describe);
        await simulator.CallAsync(describe);
        await simulator.CallAsync(describe); // the third in the same second: refused
        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}") })
            (await simulator.Http.SendAsync(unsigned, TestContext.Current.CancellationToken)).Dispose();

        var lines = (await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken)).Select(l => l.Split(',')).ToList();

        Assert.Equal(4, lines.Count);
        Assert.All(lines, f => Assert.Equal(7, f.Length));
        Assert.All(lines[..3], f => Assert.Equal((TestCredentials.Primary.SecretId, "DescribeTaskStatus", taskId), (f[2], f[3], f[6])));
        Assert.Equal(("ok", "1"), (lines[0][4], lines[0][5]));
        Assert.Equal(("ok", "1"), (lines[1][4], lines[1][5]));
        Assert.Equal(("RequestLimitExceeded", ""), (lines[2][4], lines[2][5]));
        Assert.Equal("", lines[3][2]);
        Assert.StartsWith("AuthFailure", lines[3][4], StringComparison.Ordinal);
        var stamps = lines.Select(f => long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal((simulator.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10, stamps[0]);
        Assert.All(lines, f => Assert.True(int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture) > 0));
    }

    [Fact]
    public void A_log_in_a_folder_that_does_not_exist_is_refused_naming_the_key()
    {
        var options = TestCredentials.Options();
        options.ArrivalLog = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "arrivals.csv");

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => SimulatorHost.Build(options));

        Assert.Contains("Simulator:ArrivalLog", error.Message, StringComparison.Ordinal);
    }
}
