using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClbWorker.Cli.Commands;

/// <summary><c>clbworker enqueue</c>: hands a RequestId to ClbWorker (POST /api/tasks), and with <c>--wait</c> waits for its end.</summary>
internal static class EnqueueCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var taskId = new Option<string?>("--task-id") { Description = "The RequestId the mutating CLB call returned" };
        var region = new Option<string>("--region") { Description = "The region of the call, e.g. ap-guangzhou", Required = true };
        var account = new Option<string?>("--account") { Description = "The ClbWorker account whose credentials poll it (default: default)" };
        var deadline = new Option<string?>("--deadline") { Description = "Give up (timed_out) after this ISO 8601 duration, e.g. PT30M, or at this time, e.g. 2026-12-01T10:00:00Z" };
        var metadata = new Option<string?>("--metadata") { Description = "A JSON object kept with the task and sent in its notifications" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the task to end; the exit code then tells how it ended" };
        var timeout = Durations.Timeout("With --wait: how long to wait at most (ISO 8601 duration); still pending then: exit code 3");

        // What names the task in the request: exactly one of these. A new kind of task (such as a deal name) is one more
        // entry: its option and the request field it fills.
        (Option<string?> Option, string Field)[] identities = [(taskId, "taskId")];

        var command = new Command("enqueue", "Enqueue a CLB task by its RequestId; with --wait, wait for it to end.");
        foreach (var option in identities.Select(i => (Option)i.Option).Concat<Option>([region, account, deadline, metadata, wait, timeout]))
            command.Options.Add(option);
        CommandChecks.Add(command, result =>
        {
            var given = identities.Where(i => result.GetValue(i.Option) is not null).Select(i => i.Option.Name).ToList();
            if (given.Count != 1)
                result.AddError($"Name the task with exactly one of {string.Join(", ", identities.Select(i => i.Option.Name))}.");
            if (result.GetValue(metadata) is { } json && !IsJsonObject(json))
                result.AddError($"--metadata '{json}' is not a JSON object, e.g. '{{\"change\":\"add listener 443\"}}'.");
            if (result.GetResult(timeout) is { Implicit: false } && !result.GetValue(wait))
                result.AddError("--timeout applies with --wait.");
        });
        command.SetAction(CliActions.Run(environment, async (parse, client, ct) =>
        {
            var body = new JsonObject();
            foreach (var (option, field) in identities)
            {
                if (parse.GetValue(option) is { } value)
                    body[field] = value;
            }
            body["region"] = parse.GetValue(region);
            if (parse.GetValue(account) is { } a)
                body["account"] = a;
            if (parse.GetValue(deadline) is { } d)
                body["deadline"] = d;
            if (parse.GetValue(metadata) is { } m)
                body["metadata"] = JsonNode.Parse(m);
            var (task, created) = await client.EnqueueAsync(JsonSerializer.SerializeToElement(body), ct);
            var format = GlobalOptions.Format(parse);
            if (!parse.GetValue(wait))
            {
                TaskText.Write(environment.Out, task, format, created ? "enqueued " : "already enqueued: ");
                return ExitCodes.Succeeded;
            }
            var id = task.GetProperty("id").GetInt64();
            var ended = await new TaskWaiter(environment).WaitAsync(
                (w, token) => client.GetAsync(id, w, token), Durations.Read(parse, timeout), "task " + TaskText.Id(task), ct);
            TaskText.Write(environment.Out, ended, format);
            return ExitCodes.ForState(TaskText.State(ended));
        }));
        return command;
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
