namespace ClbWorker.Tasks.Api;

/// <summary>One page of tasks, newest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> (with the same filters) for the next page; null on the last page.</param>
public sealed record TaskPage(IReadOnlyList<TaskResource> Items, string? NextCursor);
