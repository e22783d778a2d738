namespace ClbWorker.Tasks.Api;

/// <summary>The outcome of a batch: counts, and one result per item in request order.</summary>
public sealed record CreateTaskBatchResponse(int Created, int Existing, int Rejected, IReadOnlyList<BatchItemResult> Items);
