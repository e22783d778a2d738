namespace ClbWorker.Cli;

/// <summary>What the command line reads from its surroundings: variables, output streams, and whether they are terminals.</summary>
/// <param name="Interactive">Standard error is a terminal: a progress line is drawn there while waiting.</param>
internal sealed record CliEnvironment(Func<string, string?> Variable, TextWriter Out, TextWriter Error, bool Interactive)
{
    public const string UrlVariable = "CLBWORKER_URL";
    public const string ApiKeyVariable = "CLBWORKER_API_KEY";

    public static CliEnvironment FromProcess() =>
        new(Environment.GetEnvironmentVariable, Console.Out, Console.Error, !Console.IsErrorRedirected);
}
