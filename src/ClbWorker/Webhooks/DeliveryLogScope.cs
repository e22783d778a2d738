using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Webhooks;

/// <summary>
/// The log scope of one delivery attempt: the delivery, its endpoint (<c>callback</c> for a task's own
/// callback URL) and the receiving host. Never the URL's path or query, which may carry a receiver's token.
/// </summary>
internal static class DeliveryLogScope
{
    private const string Callback = "callback";

    private static readonly Func<ILogger, long, string, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<long, string, string>("Delivery {DeliveryId} to endpoint {Endpoint} at {EndpointHost}");

    public static IDisposable? Begin(ILogger logger, ClaimedDelivery delivery, string host) =>
        Scope(logger, delivery.Id, delivery.EndpointId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Callback, host);
}
