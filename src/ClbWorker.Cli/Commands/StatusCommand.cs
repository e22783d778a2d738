using System.CommandLine;

namespace ClbWorker.Cli.Commands;

/// <summary><c>clbworker status</c>: the task as it is now, with the same exit codes as <c>wait</c> (3 while it is pending).</summary>
internal static class StatusCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var selection = new TaskSelection();
        var command = new Command("status", "Show a task as it is now; the exit code is that of wait (3 while pending).");
        selection.AddTo(command);
        command.SetAction(CliActions.Run(environment, async (parse, client, ct) =>
        {
            var task = await selection.Fetch(parse, client)(null, ct);
            TaskText.Write(environment.Out, task, GlobalOptions.Format(parse));
            return ExitCodes.ForState(TaskText.State(task));
        }));
        return command;
    }
}
