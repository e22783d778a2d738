using ClbWorker.Simulator.Hosting;

namespace ClbWorker.UnitTests.Simulator;

public sealed class ConnectableAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:49152", "http://127.0.0.1:49152")]
    [InlineData("http://0.0.0.0:18080", "http://127.0.0.1:18080")]
    [InlineData("http://+:18080", "http://127.0.0.1:18080")]
    [InlineData("http://*:18080", "http://127.0.0.1:18080")]
    [InlineData("http://[::]:18080", "http://[::1]:18080")]
    [InlineData("http://[::1]:18080", "http://[::1]:18080")]
    public void Wildcard_hosts_become_loopback_and_others_stay(string listening, string expected) =>
        Assert.Equal(expected, ConnectableAddress.From(listening));
}
