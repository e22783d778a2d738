using System.CommandLine;

namespace ClbWorker.Cli;

/// <summary>Runs a command's work with its client, and turns every failure into a message and an exit code, never a stack trace.</summary>
internal static class CliActions
{
    public static Func<ParseResult, CancellationToken, Task<int>> Run(
        CliEnvironment environment, Func<ParseResult, ClbWorkerClient, CancellationToken, Task<int>> work) => async (parse, ct) =>
    {
        try
        {
            using var client = GlobalOptions.Client(parse, environment);
            return await work(parse, client, ct);
        }
        catch (CliFailure failure)
        {
            await environment.Error.WriteLineAsync("clbworker: " + failure.Message);
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("clbworker: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            await environment.Error.WriteLineAsync($"clbworker: ClbWorker's answer could not be read ({e.GetType().Name}: {e.Message})");
            return ExitCodes.Unavailable;
        }
    };
}
