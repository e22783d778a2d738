using System.CommandLine;

namespace ClbWorker.Cli.Commands;

/// <summary><c>clbworker wait</c>: returns when the task ends, with its outcome as the exit code.</summary>
internal static class WaitCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var selection = new TaskSelection();
        var timeout = Durations.Timeout("How long to wait at most (ISO 8601 duration); still pending then: exit code 3");
        var command = new Command("wait", "Wait for a task to end: exit code 0 succeeded, 1 failed, 2 timed_out, invalid or cancelled, 3 still pending at the timeout.");
        selection.AddTo(command);
        command.Options.Add(timeout);
        command.SetAction(CliActions.Run(environment, async (parse, client, ct) =>
        {
            var fetch = selection.Fetch(parse, client);
            var task = await new TaskWaiter(environment).WaitAsync((w, token) => fetch(w, token), Durations.Read(parse, timeout), selection.Describe(parse), ct);
            TaskText.Write(environment.Out, task, GlobalOptions.Format(parse));
            return ExitCodes.ForState(TaskText.State(task));
        }));
        return command;
    }
}
