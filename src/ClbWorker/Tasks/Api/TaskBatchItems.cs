using System.Text.Json;
using ClbWorker.Api;

namespace ClbWorker.Tasks.Api;

/// <summary>
/// Reads the items of a batch one by one, so that an item of the wrong shape (a number for a taskId, an unknown
/// property, not an object at all) is rejected with its reason while the other items go on.
/// </summary>
public static class TaskBatchItems
{
    /// <param name="errors">Why the batch as a whole cannot be read, by field.</param>
    public static bool TryList(JsonElement? tasks, out IReadOnlyList<JsonElement> items, out Dictionary<string, string[]> errors)
    {
        items = [];
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        const string Allowed = $"allowed: an array of 1 to 1000 tasks, each like the body of POST /api/tasks";
        if (tasks is not { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } array)
            errors["tasks"] = [$"tasks is required; {Allowed}."];
        else if (array.ValueKind != JsonValueKind.Array)
            errors["tasks"] = [$"tasks is not an array; {Allowed}."];
        else if (array.GetArrayLength() is 0 or > CreateTaskBatchRequest.MaxTasks)
            errors["tasks"] = [$"tasks has {array.GetArrayLength()} items; {Allowed}. Split a larger batch into several requests."];
        else
            items = [.. array.EnumerateArray()];
        return errors.Count == 0;
    }

    /// <summary>The item as a request, or its validation errors keyed by field (e.g. <c>taskId</c>).</summary>
    public static TaskRequestValidation Check(JsonElement item, JsonSerializerOptions options, TaskRequestValidator validator, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (item.ValueKind != JsonValueKind.Object)
            return Rejected("item", $"item is {item.ValueKind.ToString().ToLowerInvariant()}; it must be a JSON object like the body of POST /api/tasks.");
        try
        {
            var request = item.Deserialize<CreateTaskRequest>(options)!;
            return validator.Validate(request, now);
        }
        catch (JsonException error)
        {
            var (field, message) = JsonErrorDescription.Describe(error, options.GetTypeInfo(typeof(CreateTaskRequest)));
            return Rejected(field, message);
        }
    }

    private static TaskRequestValidation Rejected(string field, string message) =>
        new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
}
