using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>
/// When the container tests run. In CI (<c>CI=true</c>, which .ci/run also sets up an engine for) or with
/// <c>CLBWORKER_CONTAINER_TESTS=required</c> they must run: no Docker engine is a failure, never a skip. Elsewhere
/// the Testcontainers tests run when an engine answers and are skipped, saying why, when none does; the compose
/// tests, which build the images and publish fixed ports, run only when required.
/// </summary>
internal static class ContainerTests
{
    public const string Variable = "CLBWORKER_CONTAINER_TESTS";

    public static bool Required { get; } =
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1")
        || string.Equals(Environment.GetEnvironmentVariable(Variable), "required", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails (required) or skips (not required) the test when no Docker engine answers.</summary>
    public static async Task RequireDockerAsync()
    {
        if (await DockerEngine.AnswersAsync())
            return;
        var why = $"No Docker engine answers at {DockerEngine.Address}.";
        if (Required)
            Assert.Fail($"{why} The container tests must run here (CI, or {Variable}=required): tests/containers/prepare.sh installs and starts an engine and provides the images; .ci/run calls it.");
        Assert.Skip($"{why} This container test runs in CI; see docs/containers.md to run it here.");
    }

    /// <summary>Skips a compose test unless container tests are required, then needs the engine like the others.</summary>
    public static async Task RequireComposeRunAsync()
    {
        if (!Required)
            Assert.Skip($"The compose tests build the images and publish ports 8080, 18080 and 18090; they run in CI, or here with {Variable}=required (see docs/containers.md).");
        await RequireDockerAsync();
    }
}
