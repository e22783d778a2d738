using System.CommandLine;

namespace ClbWorker.Cli;

/// <summary>The options every command takes (placed before or after the command name).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Url = new("--url")
    {
        Description = $"ClbWorker's address, e.g. http://127.0.0.1:5080 (default: ${CliEnvironment.UrlVariable})",
        Recursive = true,
    };

    public static readonly Option<FileInfo?> ApiKeyFile = new("--api-key-file")
    {
        Description = $"A file whose first line is the API key (default: ${CliEnvironment.ApiKeyVariable})",
        Recursive = true,
    };

    public static readonly Option<string> Output = OutputOption();

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log each HTTP request to standard error (never the API key)",
        Recursive = true,
    };

    public static OutputFormat Format(ParseResult parse) =>
        string.Equals(parse?.GetValue(Output), "json", StringComparison.OrdinalIgnoreCase) ? OutputFormat.Json : OutputFormat.Text;

    private static Option<string> OutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "text: a line per task or event; json: the task resource, or each event's JSON",
            DefaultValueFactory = _ => "text",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    public static IEnumerable<Option> All => [Url, ApiKeyFile, Output, Verbose];

    public static ClbWorkerClient Client(ParseResult parse, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var connection = CliConnection.Resolve(parse.GetValue(Url), parse.GetValue(ApiKeyFile), environment);
        return new ClbWorkerClient(connection, environment.Error, parse.GetValue(Verbose));
    }
}
