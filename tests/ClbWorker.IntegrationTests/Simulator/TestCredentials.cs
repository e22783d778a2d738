using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

internal static class TestCredentials
{
    public static readonly SimulatorCredential Primary = new()
    {
        SecretId = "AKIDTESTPRIMARY00000000000000000000",
        SecretKey = "primary-test-key",
    };

    public static readonly SimulatorCredential Secondary = new()
    {
        SecretId = "AKIDTESTSECONDARY000000000000000000",
        SecretKey = "secondary-test-key",
    };

    public static readonly SimulatorCredential Temporary = new()
    {
        SecretId = "AKIDTESTTEMPORARY000000000000000000",
        SecretKey = "temporary-test-key",
        Token = "session-token-1",
    };

    public static SimulatorOptions Options() => new() { Credentials = { Primary, Secondary, Temporary } };
}
