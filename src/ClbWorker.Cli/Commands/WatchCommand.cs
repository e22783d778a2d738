using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClbWorker.Cli.Commands;

/// <summary>
/// <c>clbworker watch</c>: follows GET /api/events and prints one line per event until interrupted. A dropped connection is
/// resumed with the last event id, so no event is printed twice or skipped.
/// </summary>
internal static class WatchCommand
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(15);

    public static Command Create(CliEnvironment environment)
    {
        var account = new Option<string?>("--account") { Description = "Only tasks of this account" };
        var region = new Option<string?>("--region") { Description = "Only tasks of this region" };
        var taskId = new Option<string?>("--task-id") { Description = "Only tasks with this RequestId" };
        var state = new Option<string[]>("--state") { Description = "Only these states (repeat, or comma-separated), e.g. failed,timed_out", AllowMultipleArgumentsPerToken = true };
        var polls = new Option<bool>("--polls") { Description = "Also one task.polled line per poll of a running task" };
        var after = new Option<long?>("--after") { Description = "Start after this event id (a line's event id) instead of with new events" };
        var command = new Command("watch", "Follow task events, one line each, until interrupted.");
        foreach (var option in new Option[] { account, region, taskId, state, polls, after })
            command.Options.Add(option);
        command.SetAction(CliActions.Run(environment, async (parse, client, ct) =>
        {
            var query = new List<string>();
            foreach (var (name, value) in new[] { ("account", parse.GetValue(account)), ("region", parse.GetValue(region)), ("taskId", parse.GetValue(taskId)) })
            {
                if (value is not null)
                    query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            if (parse.GetValue(state) is { Length: > 0 } states)
                query.Add("state=" + Uri.EscapeDataString(string.Join(',', states.SelectMany(s => s.Split(',')))));
            if (parse.GetValue(polls))
                query.Add("polls=true");
            var format = GlobalOptions.Format(parse);
            var last = parse.GetValue(after)?.ToString(CultureInfo.InvariantCulture);
            var connected = false;
            var retry = FirstRetry;
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.OpenEventsAsync(string.Join('&', query), last, ct);
                    connected = true;
                    retry = FirstRetry;
                    last = await PrintAsync(response, format, environment.Out, last, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return ExitCodes.Succeeded;
                }
                catch (CliFailure failure) when (connected && failure.ExitCode == ExitCodes.Unavailable)
                {
                    await environment.Error.WriteLineAsync($"clbworker: {failure.Message}; reconnecting in {retry.TotalSeconds:0} s");
                }
                catch (IOException e) when (connected)
                {
                    await environment.Error.WriteLineAsync($"clbworker: the event stream broke ({e.Message}); reconnecting in {retry.TotalSeconds:0} s");
                }
                try
                {
                    await Task.Delay(retry, ct);
                }
                catch (OperationCanceledException)
                {
                    return ExitCodes.Succeeded;
                }
                retry = TimeSpan.FromSeconds(Math.Min(LastRetry.TotalSeconds, retry.TotalSeconds * 2));
            }
            return ExitCodes.Succeeded;
        }));
        return command;
    }

    /// <summary>Prints the events of one connection; returns the last event id seen, to resume from.</summary>
    private static async Task<string?> PrintAsync(HttpResponseMessage response, OutputFormat format, TextWriter output, string? last, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(body, Encoding.UTF8);
        string? id = null, type = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    await output.WriteLineAsync(format == OutputFormat.Json ? data.ToString() : Line(id, type, data.ToString()));
                    await output.FlushAsync(ct);
                    last = id ?? last;
                }
                (id, type) = (null, null);
                data.Clear();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
                id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
                type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data.Append(data.Length > 0 ? "\n" : "").Append(line.AsSpan(6));
        }
        throw new IOException("the server closed it");
    }

    private static string Line(string? id, string? type, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var at = root.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.String ? timestamp.GetString() : "-";
        return $"{at} {type} event {id}: {TaskText.Line(root.GetProperty("data"))}";
    }
}
