using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// The <c>clbworker</c> command line run as its own process, as a script runs it: its standard streams redirected (so it
/// draws no progress line), <c>CLBWORKER_URL</c> and <c>CLBWORKER_API_KEY</c> from the environment unless a test changes them.
/// </summary>
internal static class CliProcess
{
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    public static ChildProcess Start(Uri worker, IEnumerable<string> arguments, string? apiKey = TestApiKeys.Admin, string name = "cli")
    {
        var environment = new Dictionary<string, string> { ["CLBWORKER_URL"] = worker.ToString() };
        if (apiKey is not null)
            environment["CLBWORKER_API_KEY"] = apiKey;
        return ChildProcess.Start(name, BuiltAssemblies.PathOf("ClbWorker.Cli"), arguments, environment);
    }

    /// <summary>Runs it to its end: the exit code and everything it printed (standard output lines, then standard error lines).</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(Uri worker, params string[] arguments) =>
        await RunAsync(Start(worker, arguments));

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(ChildProcess cli)
    {
        await using (cli)
        {
            var code = await cli.WaitForExitAsync(Within);
            return (code, Text(cli, "out"), Text(cli, "err"));
        }
    }

    private static string Text(ChildProcess cli, string stream) =>
        string.Join('\n', cli.Lines.Where(l => l.Stream == stream).Select(l => l.Text));
}
