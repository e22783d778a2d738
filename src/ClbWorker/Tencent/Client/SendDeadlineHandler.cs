namespace ClbWorker.Tencent.Client;

/// <summary>
/// The innermost handler before the socket: a request that carries a send deadline (its rate-limit slot plus
/// the tolerated lateness) and reaches this point after it is not sent at all. Sending it late would put it
/// into the next second's budget at Tencent Cloud, where it can push that second over the limit. A request that
/// needs a new connection is checked again once the connection is open (<see cref="CheckNewConnectionAsync"/>),
/// since connecting (TCP, TLS) happens after this handler.
/// </summary>
public sealed class SendDeadlineHandler(TimeProvider time) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<DateTimeOffset> SendBy = new("ClbWorker.SendBy");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Check(request, time);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// The <see cref="SocketsHttpHandler.PlaintextStreamFilter"/> of the CLB client: runs when a new connection is open
    /// (after TLS) and before the request that opened it is written. Too late by then: the request is not sent (the
    /// connection is dropped), and its task gets a fresh slot.
    /// </summary>
    public static ValueTask<Stream> CheckNewConnectionAsync(SocketsHttpPlaintextStreamFilterContext context, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        Check(context.InitialRequestMessage, time);
        return ValueTask.FromResult(context.PlaintextStream);
    }

    private static void Check(HttpRequestMessage request, TimeProvider time)
    {
        if (request.Options.TryGetValue(SendBy, out var sendBy))
        {
            var now = time.GetUtcNow();
            if (now > sendBy)
                throw new SendSlotMissedException(now - sendBy);
        }
    }
}
