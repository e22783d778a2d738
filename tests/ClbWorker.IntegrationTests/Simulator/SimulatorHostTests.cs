using ClbWorker.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClbWorker.IntegrationTests.Simulator;

public sealed class SimulatorHostTests
{
    [Fact]
    public async Task Base_address_is_the_port_actually_bound_and_unavailable_before_start()
    {
        await using var app = SimulatorHost.Build(TestCredentials.Options());

        Assert.Throws<InvalidOperationException>(() => SimulatorHost.BaseAddress(app));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = SimulatorHost.BaseAddress(app);
        await app.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
    }

    [Fact]
    public async Task Standalone_form_binds_the_Simulator_section_from_arguments()
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Simulator:RateLimitPerSecond=2",
            $"--Simulator:Credentials:0:SecretId={TestCredentials.Secondary.SecretId}",
            $"--Simulator:Credentials:0:SecretKey={TestCredentials.Secondary.SecretKey}",
            "--Simulator:Faults:HangDuration=00:00:07",
        ];
        await using var app = SimulatorHost.Build(args);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var state = app.Services.GetRequiredService<SimulatorState>();
        var taskId = state.CreateTasks(new SimulatedTaskRequest { Outcome = SimulatedTaskOutcome.Never }).Single().TaskId;
        using var http = new HttpClient();

        var codes = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            using var message = (SignedCall.Poll(taskId) with { Credential = TestCredentials.Secondary }).ToMessage(SimulatorHost.BaseAddress(app), TimeProvider.System);
            using var response = await http.SendAsync(message, TestContext.Current.CancellationToken);
            codes.Add((await ApiAnswer.ReadAsync(response)).ErrorCode);
        }
        await app.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal([null, null, "RequestLimitExceeded"], codes);
        Assert.Equal([TestCredentials.Secondary.SecretId], state.SecretIds);
        Assert.Equal(TimeSpan.FromSeconds(7), state.CurrentFaults.HangDuration);
    }

    [Fact]
    public void Invalid_settings_fail_the_build_naming_key_value_and_range()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            SimulatorHost.Build(["--Simulator:Faults:HangRate=1.5", "--Simulator:RateLimitPerSecond=0"]));

        Assert.Contains("Simulator:Faults:HangRate must be a probability between 0 and 1; got 1.5.", error.Failures);
        Assert.Contains("Simulator:RateLimitPerSecond must be between 1 and 100000; got 0.", error.Failures);
    }

    [Fact]
    public void Misspelt_setting_fails_the_build_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SimulatorHost.Build(["--Simulator:RateLimitPerSecnd=5"]));

        Assert.Contains("RateLimitPerSecnd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configured_credentials_the_published_development_pair_is_accepted()
    {
        await using var sim = await RunningSimulator.StartAsync(new SimulatorOptions());
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = SimulatorCredential.Development });

        Assert.Null(answer.ErrorCode);
        Assert.Equal([SimulatorCredential.Development.SecretId], sim.State.SecretIds);
    }

    [Fact]
    public void In_process_task_creation_rejects_invalid_requests_naming_the_field()
    {
        var app = SimulatorHost.Build(TestCredentials.Options());
        var state = app.Services.GetRequiredService<SimulatorState>();

        var error = Assert.Throws<ArgumentException>(() => state.CreateTasks(new SimulatedTaskRequest { Count = 0 }));

        Assert.Contains("count must be between 1 and 10000; got 0.", error.Message, StringComparison.Ordinal);
    }
}
