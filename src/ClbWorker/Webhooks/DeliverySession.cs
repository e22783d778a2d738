using ClbWorker.Hosting;
using System.Text;
using System.Threading.Channels;
using ClbWorker.Database;
using ClbWorker.Observability;

namespace ClbWorker.Webhooks;

/// <summary>
/// One run of the delivery loop in this process: claims due deliveries as capacity allows (in total and per
/// receiving host), sends each, and records the attempts in batches.
/// </summary>
internal sealed class DeliverySession(DeliveryDependencies deps, string owner) : IDisposable
{
    // Waiting this long for more outcomes costs a little latency and saves most of the round trips.
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(1);

    private readonly Channel<DeliveryOutcome> outcomes = Channel.CreateUnbounded<DeliveryOutcome>(new() { SingleReader = true });
    private readonly WakeSignal wake = new();
    private readonly CancellationTokenSource hardStop = new();
    private readonly object gate = new();
    private readonly Dictionary<string, int> inFlightByHost = [];
    private readonly List<(ClaimedDelivery Delivery, DateTimeOffset ClaimedAt)> waiting = [];
    private readonly List<Task> sends = [];
    private int inFlight;

    private WebhookOptions Options => deps.Options.Value;

    public DeliveryRunSummary Summary { get; } = new();

    public async Task RunAsync(CancellationToken stop)
    {
        var writing = WriteAsync(outcomes.Reader);
        var listening = deps.Listener.RunAsync(ClbSchema.WebhooksEnqueuedChannel, Wake, stop);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var next = IdleCheck;
                try
                {
                    if (await RunOnceAsync(stop))
                        next = TimeSpan.Zero;
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    deps.Logger.LogWarning(ex, "Claiming webhook deliveries failed; retrying in {Delay}", IdleCheck);
                }
                if (next > TimeSpan.Zero)
                    await wake.WaitAsync(next, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await DrainAsync();
            outcomes.Writer.TryComplete();
            await writing;
            await listening;
        }
    }

    /// <returns>True when the claim was full, so more deliveries may be due right now.</returns>
    private async Task<bool> RunOnceAsync(CancellationToken stop)
    {
        var now = deps.Time.GetUtcNow();
        int free;
        lock (gate)
        {
            // Held back for a busy host too long: let the lease run out and another round (or worker) take it.
            waiting.RemoveAll(w => now - w.ClaimedAt > Options.LeaseDuration / 2);
            foreach (var (delivery, _) in waiting.Where(w => HasRoom(w.Delivery)).ToList())
            {
                waiting.RemoveAll(w => w.Delivery.Id == delivery.Id);
                Start(delivery);
            }
            free = Options.MaxConcurrentDeliveries - inFlight - waiting.Count;
        }
        if (free <= 0)
            return false;

        var claimed = await deps.Store.ClaimAsync(free, owner, now, now + Options.LeaseDuration, stop);
        Summary.AddClaimed(claimed.Count);
        deps.Metrics.Claimed(ClaimQueues.Webhooks, claimed.Count);
        lock (gate)
        {
            foreach (var delivery in claimed)
            {
                if (HasRoom(delivery))
                    Start(delivery);
                else
                    waiting.Add((delivery, now));
            }
        }
        return claimed.Count == free;
    }

    private static string HostOf(ClaimedDelivery delivery) => new Uri(delivery.Url).Authority;

    private bool HasRoom(ClaimedDelivery delivery) =>
        inFlight < Options.MaxConcurrentDeliveries && inFlightByHost.GetValueOrDefault(HostOf(delivery)) < Options.MaxConcurrentPerEndpoint;

    private void Start(ClaimedDelivery delivery)
    {
        inFlight++;
        var host = HostOf(delivery);
        inFlightByHost[host] = inFlightByHost.GetValueOrDefault(host) + 1;
        sends.RemoveAll(s => s.IsCompleted);
        sends.Add(SendAsync(delivery, host));
    }

    private async Task SendAsync(ClaimedDelivery delivery, string host)
    {
        await Task.Yield(); // the caller holds the gate; send outside it
        // Everything logged for this attempt, down to the HTTP client, names the delivery and its endpoint.
        using var scope = DeliveryLogScope.Begin(deps.Logger, delivery, host);
        try
        {
            var attemptedAt = deps.Time.GetUtcNow();
            DeliveryAttemptResult result;
            DeliveryDecision decision;
            var unsignable = SecretsFor(delivery, out var secrets);
            if (unsignable is not null)
            {
                // Nothing is sent unsigned, and retrying cannot sign it either.
                result = new DeliveryAttemptResult { Error = unsignable };
                decision = DeliveryDecision.Failed(unsignable);
            }
            else
            {
                result = await deps.Sender.SendAsync(new Uri(delivery.Url), delivery.MessageId, Encoding.UTF8.GetBytes(delivery.Body), secrets, hardStop.Token);
                decision = deps.RetryPolicy.Decide(delivery.Attempts + 1, result, deps.Time.GetUtcNow(), Random.Shared.NextDouble());
            }
            var now = deps.Time.GetUtcNow();
            var state = decision.Step switch
            {
                DeliveryNextStep.Delivered => DeliveryStates.Delivered,
                DeliveryNextStep.Retry => DeliveryStates.Pending,
                _ => DeliveryStates.Failed,
            };
            Summary.Count(state);
            deps.Metrics.WebhookAttempted(state, result, sent: unsignable is null);
            outcomes.Writer.TryWrite(new DeliveryOutcome(delivery.Id, attemptedAt, result.StatusCode, result.Duration,
                result.Error is null ? null : result.Summary, result.ResponseExcerpt, state, decision.NextAttemptAt,
                DisableReason(delivery, decision, state, now)));
        }
        catch (OperationCanceledException)
        {
            // Cut off by shutdown: nothing is recorded; the lease runs out and the delivery is sent again.
        }
        catch (Exception ex)
        {
            deps.Logger.LogError(ex, "Webhook delivery {DeliveryId} failed unexpectedly; it will be retried when its lease ends", delivery.Id);
        }
        finally
        {
            lock (gate)
            {
                inFlight--;
                inFlightByHost[host]--;
            }
            Wake();
        }
    }

    /// <returns>Why the delivery cannot be signed, or null with the secrets to sign with.</returns>
    private string? SecretsFor(ClaimedDelivery delivery, out IReadOnlyList<WebhookSecret> secrets)
    {
        if (!delivery.IsCallback)
        {
            secrets = [.. delivery.SigningSecrets.Select(WebhookSecret.Parse)];
            return null;
        }
        if (Options.SigningSecret is { } configured)
        {
            secrets = [WebhookSecret.Parse(configured)];
            return null;
        }
        secrets = [];
        return "Webhooks:SigningSecret is not configured, so a notification to a task's callback_url cannot be signed; configure it and redeliver.";
    }

    private string? DisableReason(ClaimedDelivery delivery, DeliveryDecision decision, string state, DateTimeOffset now)
    {
        if (delivery.IsCallback || state == DeliveryStates.Delivered)
            return null;
        if (decision.DisableEndpoint)
            return decision.Reason ?? "the receiver answered 410 Gone";
        return delivery.EndpointFailingSince is { } since && now - since >= Options.DisableEndpointAfterFailingFor
            ? $"every delivery failed since {since:O} ({Options.DisableEndpointAfterFailingFor.TotalDays:0.#} days)"
            : null;
    }

    private async Task WriteAsync(ChannelReader<DeliveryOutcome> reader)
    {
        var batch = new List<DeliveryOutcome>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            if (!reader.Completion.IsCompleted)
                await Task.Delay(Gather, deps.Time, CancellationToken.None);
            while (batch.Count < 500 && reader.TryRead(out var outcome))
                batch.Add(outcome);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var completion = await deps.Store.CompleteAsync(batch, owner, deps.Time.GetUtcNow(), CancellationToken.None);
                    foreach (var endpointId in completion.DisabledEndpointIds)
                        deps.Logger.LogWarning("Webhook endpoint {EndpointId} disabled: {Reason}", endpointId,
                            batch.FirstOrDefault(o => o.DisableEndpointReason is not null)?.DisableEndpointReason);
                    break;
                }
                catch (Exception ex) when (attempt < 30 && !hardStop.IsCancellationRequested)
                {
                    deps.Logger.LogWarning(ex, "Recording {Count} webhook attempts failed (attempt {Attempt}); retrying", batch.Count, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), deps.Time, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // The leases run out and the deliveries are sent again: a receiver may see a message twice, never zero times.
                    deps.Logger.LogError(ex, "Could not record {Count} webhook attempts; they will be sent again", batch.Count);
                    break;
                }
            }
            batch.Clear();
        }
    }

    private async Task DrainAsync()
    {
        Task[] pending;
        lock (gate)
        {
            waiting.Clear();
            pending = [.. sends];
        }
        var all = Task.WhenAll(pending);
        if (await Task.WhenAny(all, Task.Delay(ShutdownGrace, deps.Time)) != all)
            await hardStop.CancelAsync();
        await all;
    }

    // Receivers answer within the attempt timeout; on shutdown a few seconds are enough for the quick ones.
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(3);

    private void Wake() => wake.Set();

    public void Dispose()
    {
        hardStop.Dispose();
        wake.Dispose();
    }
}
