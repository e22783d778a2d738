namespace ClbWorker.Tencent;

/// <summary>
/// The innermost handler before the socket: a request that carries a send deadline (its rate-limit slot plus
/// the tolerated lateness) and reaches this point after it is not sent at all. Sending it late would put it
/// into the next second's budget at Tencent Cloud, where it can push that second over the limit.
/// </summary>
public sealed class SendDeadlineHandler(TimeProvider time) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<DateTimeOffset> SendBy = new("ClbWorker.SendBy");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(SendBy, out var sendBy))
        {
            var now = time.GetUtcNow();
            if (now > sendBy)
                throw new SendSlotMissedException(now - sendBy);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
