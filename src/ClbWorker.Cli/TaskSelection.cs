using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace ClbWorker.Cli;

/// <summary>
/// Which task <c>wait</c> and <c>status</c> mean: its ClbWorker id, or <c>--task-id</c> and <c>--region</c> (and
/// <c>--account</c> when the RequestId exists in several accounts).
/// </summary>
internal sealed class TaskSelection
{
    public readonly Argument<long?> Id = new("id") { Description = "The task's ClbWorker id (the id field of the task)", Arity = ArgumentArity.ZeroOrOne };
    public readonly Option<string?> TaskId = new("--task-id") { Description = "The RequestId the CLB call returned" };
    public readonly Option<string?> Region = new("--region") { Description = "The region of the call, e.g. ap-guangzhou" };
    public readonly Option<string?> Account = new("--account") { Description = "The ClbWorker account (default: any)" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Arguments.Add(Id);
        command.Options.Add(TaskId);
        command.Options.Add(Region);
        command.Options.Add(Account);
        CommandChecks.Add(command, result =>
        {
            var byId = result.GetValue(Id) is not null;
            var byTaskId = result.GetValue(TaskId) is not null || result.GetValue(Region) is not null;
            if (byId == byTaskId)
                result.AddError("Name the task either by its id (clbworker wait 42) or by --task-id and --region, not both.");
            else if (byTaskId && (result.GetValue(TaskId) is null || result.GetValue(Region) is null))
                result.AddError("--task-id and --region go together.");
            if (result.GetValue(Id) is < 1)
                result.AddError("The id is a whole number of 1 or more.");
        });
    }

    /// <summary>Reads the selected task, waiting up to <c>wait</c> (null: not at all) for it to be final.</summary>
    public Func<TimeSpan?, CancellationToken, Task<JsonElement>> Fetch(ParseResult parse, ClbWorkerClient client)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(client);
        if (parse.GetValue(Id) is { } id)
            return (wait, ct) => client.GetAsync(id, wait, ct);
        var (taskId, region, account) = (parse.GetValue(TaskId)!, parse.GetValue(Region)!, parse.GetValue(Account));
        return async (wait, ct) =>
        {
            var found = await client.LookUpAsync(taskId, region, account, wait, ct);
            return found.Count switch
            {
                1 => found[0],
                0 => throw new CliFailure(ExitCodes.Usage, $"ClbWorker has no task {taskId} in {region}{(account is null ? "" : " for account " + account)}."),
                _ => throw new CliFailure(ExitCodes.Usage, $"Task {taskId} in {region} exists in several accounts ("
                    + string.Join(", ", found.Select(t => t.GetProperty("account").GetString())) + "); pass --account."),
            };
        };
    }

    public string Describe(ParseResult parse) => parse.GetValue(Id) is { } id
        ? "task " + id.ToString(CultureInfo.InvariantCulture)
        : $"task {parse.GetValue(TaskId)} in {parse.GetValue(Region)}";
}
