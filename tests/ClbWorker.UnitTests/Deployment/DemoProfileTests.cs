namespace ClbWorker.UnitTests.Deployment;

/// <summary>The demo profile hangs together: what the demo worker sends with is what the simulator and receiver accept.</summary>
public sealed class DemoProfileTests
{
    private static readonly ComposeFile Compose = ComposeFile.Parse(Repository.Read("docker-compose.yml"));
    private static readonly ComposeService Worker = Compose.Service("clbworker-demo");

    [Fact]
    public void The_demo_worker_signs_with_a_credential_the_simulator_accepts()
    {
        var simulator = Compose.Service("simulator").Environment;

        Assert.Equal(simulator["Simulator__Credentials__0__SecretId"], Worker.Environment["Tencent__SecretId"]);
        Assert.Equal(simulator["Simulator__Credentials__0__SecretKey"], Worker.Environment["Tencent__SecretKey"]);
        Assert.Equal("http://simulator:8080", Worker.Environment["Tencent__Endpoint"]);
    }

    [Fact]
    public void The_demo_worker_notifies_the_receiver_with_a_secret_it_verifies()
    {
        var receiverSecrets = Compose.Service("webhook-receiver").Environment
            .Where(v => v.Key.StartsWith("Receiver__Secrets__", StringComparison.Ordinal)).Select(v => v.Value);

        Assert.Equal("http://webhook-receiver:8080/webhooks", Worker.Environment["Webhooks__Endpoints__demo-receiver__Url"]);
        Assert.Contains(Worker.Environment["Webhooks__Endpoints__demo-receiver__Secret"], receiverSecrets);
        Assert.Equal("true", Worker.Environment["Webhooks__AllowPrivateNetworks"]);
    }

    [Fact]
    public void The_demo_worker_uses_the_demo_database_with_its_password()
    {
        var database = Compose.Service("demo-postgres").Environment;

        Assert.Equal($"Host=demo-postgres;Database={database["POSTGRES_DB"]};Username={database["POSTGRES_USER"]};Password={database["POSTGRES_PASSWORD"]}",
            Worker.Environment["ConnectionStrings__Postgres"]);
        Assert.All(new[] { "demo-postgres", "simulator", "webhook-receiver" }, name => Assert.Contains(name, Worker.DependsOn));
    }
}
