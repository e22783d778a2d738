using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClbWorker.Cli;

/// <summary>How the command line prints a task: one readable line, or with <c>--output json</c> the task resource as ClbWorker returned it.</summary>
internal static class TaskText
{
    public static void Write(TextWriter output, JsonElement task, OutputFormat format, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(format == OutputFormat.Json ? task.GetRawText() : Line(task, prefix));
    }

    public static string Line(JsonElement task, string? prefix = null)
    {
        var line = new StringBuilder(prefix);
        line.Append(CultureInfo.InvariantCulture, $"task {Id(task)} {Text(task, "state")}: taskId {Text(task, "taskId")}, region {Text(task, "region")}, account {Text(task, "account")}");
        if (task.TryGetProperty("attempts", out var attempts))
            line.Append(CultureInfo.InvariantCulture, $", {attempts.GetRawText()} attempts");
        // A task resource names these lastStatus, lastErrorCode...; an event's data (the webhook body) status, errorCode...
        if ((task.TryGetProperty("lastStatus", out var status) || task.TryGetProperty("status", out status)) && status.ValueKind == JsonValueKind.Number)
            line.Append(", last status ").Append(Status(status.GetInt32()));
        if (Either(task, "lastErrorCode", "errorCode") is { Length: > 0 } code and not "-")
            line.Append(", error ").Append(code).Append(": ").Append(Either(task, "lastErrorMessage", "errorMessage"));
        if (Either(task, "lastRequestId", "requestId") is { Length: > 0 } requestId and not "-")
            line.Append(", request id ").Append(requestId);
        return line.ToString();
    }

    public static string Id(JsonElement task) => task.TryGetProperty("id", out var id) ? id.GetRawText() : "?";

    public static string Status(int status) => status switch
    {
        0 => "0 (succeeded)",
        1 => "1 (failed)",
        2 => "2 (running)",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    public static string? State(JsonElement task) => task.TryGetProperty("state", out var state) ? state.GetString() : null;

    private static string Either(JsonElement task, string name, string other) => Text(task, name) is "-" ? Text(task, other) : Text(task, name);

    private static string Text(JsonElement task, string name) =>
        task.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";
}
