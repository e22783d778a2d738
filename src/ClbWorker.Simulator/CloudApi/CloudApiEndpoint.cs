using ClbWorker.Simulator.Faults;
using ClbWorker.Simulator.Traffic;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>
/// <c>POST /</c>: the Cloud API endpoint. Counts every arrival, applies the drawn faults, then answers with what
/// <see cref="CloudApiProcessor"/> decides.
/// </summary>
internal static class CloudApiEndpoint
{
    public static IEndpointRouteBuilder MapCloudApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/", HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task HandleAsync(HttpContext context, SimulatorState state, IHostApplicationLifetime lifetime)
    {
        var headers = CloudApiHeaders.From(context.Request);
        var key = new TrafficKey(headers.Authorization?.SecretId ?? "", headers.Host, headers.Action ?? "");
        var traffic = state.Traffic.Arrive(key);
        var plan = state.Faults.Plan();

        // Held requests end when the client gives up or the simulator stops, so a 5-minute hang never blocks shutdown.
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var body = Array.Empty<byte>();
        long arrivedAt;
        var arrivedWall = state.Time.GetUtcNow();
        var remotePort = context.Connection.RemotePort;
        try
        {
            await DelayAsync(plan.Latency, SimulatorFaultKind.Latency, state.Time, traffic, giveUp.Token);
            await DelayAsync(plan.Hang, SimulatorFaultKind.Hang, state.Time, traffic, giveUp.Token);
            // Injected latency and hangs stand for the way to the server; the request arrives after them.
            arrivedAt = state.Time.GetTimestamp();
            arrivedWall = state.Time.GetUtcNow();
            if (plan.Replacement is null)
                body = await ReadBodyAsync(context.Request, giveUp.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && giveUp.IsCancellationRequested)
        {
            traffic.Abandon();
            state.Arrivals?.Record(arrivedWall, remotePort, key.SecretId, key.Action, "abandoned", null, body);
            context.Abort();
            return;
        }

        if (plan.Replacement is { } fault)
        {
            traffic.Fault(fault);
            state.Arrivals?.Record(arrivedWall, remotePort, key.SecretId, key.Action, $"fault:{fault}", null, body);
            await FaultAnswers.WriteAsync(fault, context, context.RequestAborted);
            return;
        }

        var requestId = Guid.NewGuid().ToString();
        var outcome = state.Processor.Process(headers, key, body, requestId, arrivedAt);
        if (outcome.Error is { } error)
            traffic.Reject(error.Code);
        else
            traffic.Accept();
        state.Arrivals?.Record(arrivedWall, remotePort, key.SecretId, key.Action, outcome.Error?.Code ?? "ok",
            outcome.Fields?["Status"]?.GetValue<int>(), body);
        await CloudApiEnvelope.WriteAsync(context.Response, CloudApiEnvelope.Serialize(outcome, requestId), context.RequestAborted);
    }

    private static async Task DelayAsync(TimeSpan delay, SimulatorFaultKind kind, TimeProvider time, KeyTraffic traffic, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
            return;
        // Start the timer before counting it, so a test that sees the count can already move a fake clock past it.
        var wait = Task.Delay(delay, time, cancellationToken);
        traffic.Delay(kind);
        await wait;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
