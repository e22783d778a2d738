using System.CommandLine;
using ClbWorker.Cli.Commands;

namespace ClbWorker.Cli;

/// <summary>
/// <c>clbworker</c>: enqueue, wait, status and watch against a ClbWorker's HTTP API. A wrong flag prints what was wrong
/// and the command's usage to standard error and exits 64.
/// </summary>
internal static class CliApp
{
    public const string ToolName = "clbworker";

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // A plain command named as the tool is installed, rather than RootCommand, which takes the name of the assembly.
        var root = new Command(ToolName, "The ClbWorker command line: enqueue Tencent Cloud CLB tasks, wait for them, follow their events. "
            + $"Reads {CliEnvironment.UrlVariable} and {CliEnvironment.ApiKeyVariable}.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        foreach (var option in GlobalOptions.All)
            root.Options.Add(option);
        root.Subcommands.Add(EnqueueCommand.Create(environment));
        root.Subcommands.Add(WaitCommand.Create(environment));
        root.Subcommands.Add(StatusCommand.Create(environment));
        root.Subcommands.Add(WatchCommand.Create(environment));

        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = environment.Out, Error = environment.Error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                await environment.Error.WriteLineAsync("clbworker: " + error.Message);
            await environment.Error.WriteLineAsync();
            await HelpOf(root, parse).InvokeAsync(new InvocationConfiguration { Output = environment.Error, Error = environment.Error });
            return ExitCodes.Usage;
        }
        if (parse.CommandResult.Command == root && !args.Any(a => a is "--help" or "-h" or "-?" or "--version"))
        {
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = environment.Error, Error = environment.Error });
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(invocation);
    }

    // The help of the command the user was typing: its name path from the root, then --help.
    private static ParseResult HelpOf(Command root, ParseResult parse)
    {
        var path = new List<string>();
        for (var result = parse.CommandResult; result is not null && result.Command != root; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            path.Insert(0, result.Command.Name);
        path.Add("--help");
        return root.Parse(path);
    }
}
