using System.Text.Json.Serialization;

namespace ClbWorker.Tasks.Api;

/// <summary>What became of one item of a batch, at the item's position in the request.</summary>
/// <param name="Index">The item's 0-based position in <c>tasks</c>.</param>
/// <param name="Result"><c>created</c>, <c>existing</c> (the same account, region and taskId was enqueued before, or earlier in this batch) or <c>rejected</c>.</param>
/// <param name="Reason">Why the item was rejected.</param>
/// <param name="Errors">The rejected item's errors by field, as in a validation problem.</param>
/// <param name="Task">The task, unless rejected.</param>
public sealed record BatchItemResult(
    int Index,
    string Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TaskResource? Task)
{
    public const string Created = "created";
    public const string Existing = "existing";
    public const string Rejected = "rejected";
}
