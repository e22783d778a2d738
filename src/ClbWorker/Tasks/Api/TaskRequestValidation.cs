namespace ClbWorker.Tasks.Api;

/// <summary>The verdict on one task request: the task to enqueue, or the errors by field (JSON property name).</summary>
public sealed record TaskRequestValidation(NewTask? Task, IDictionary<string, string[]> Errors)
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Task))]
    public bool IsValid => Task is not null;

    /// <summary>Every error in one sentence each, for a problem's detail or a batch item's reason.</summary>
    public string Summary => string.Join(" ", Errors.SelectMany(e => e.Value));
}
