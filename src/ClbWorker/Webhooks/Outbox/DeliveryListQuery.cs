namespace ClbWorker.Webhooks.Outbox;

/// <summary>Which deliveries <see cref="DeliveryLogStore.ListDeliveriesAsync(DeliveryListQuery, CancellationToken)"/> returns; a null filter matches any.</summary>
/// <param name="TaskRowId">The task's row id (<c>clb.tasks.id</c>).</param>
/// <param name="TaskId">The task's Tencent Cloud task id (<c>clb.tasks.task_id</c>), in any account and region.</param>
/// <param name="State">One of <see cref="DeliveryStates"/>.</param>
/// <param name="Limit">1 to <see cref="DeliveryLogStore.MaxListLimit"/>.</param>
/// <param name="BeforeId">Only deliveries with a smaller id: the last id of a page, to get the next one.</param>
public sealed record DeliveryListQuery(long? TaskRowId, string? TaskId, long? EndpointId, string? State, int Limit, long? BeforeId)
{
    /// <summary>The filters as one string, the same whenever the filters are; what a page cursor is bound to.</summary>
    public string Filters => string.Join('\u001f', TaskRowId, TaskId, EndpointId, State);
}
