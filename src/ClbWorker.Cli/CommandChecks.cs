using System.CommandLine;
using System.CommandLine.Parsing;

namespace ClbWorker.Cli;

/// <summary>Checks across a command's options, added after the parser's own: a value it could not convert is its error already.</summary>
internal static class CommandChecks
{
    public static void Add(Command command, Action<CommandResult> check) => command.Validators.Add(result =>
    {
        try
        {
            check(result);
        }
        catch (InvalidOperationException)
        {
            // GetValue of a value that failed to convert; the parser reports that one.
        }
    });
}
