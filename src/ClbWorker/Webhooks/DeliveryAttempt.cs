using System.Text;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Security;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.Webhooks;

/// <summary>
/// One attempt at one claimed delivery, handled on its own: a delivery whose URL or secret cannot be used fails alone,
/// with the reason in its delivery log, and nothing is sent; the others of its batch go on.
/// </summary>
internal sealed class DeliveryAttempt(DeliveryDependencies deps)
{
    private WebhookOptions Options => deps.Options.Value;

    /// <param name="claimedAt">This process's monotonic timestamp of the claim, to place the attempt on the database clock.</param>
    /// <returns>The outcome to record; a release when the run's shutdown grace cut the attempt off.</returns>
    public async Task<DeliveryOutcome?> MakeAsync(ClaimedDelivery delivery, long claimedAt, DeliveryRunSummary summary, CancellationToken hardStop)
    {
        // Everything logged for this attempt, down to the HTTP client, names the delivery and its endpoint.
        using var scope = DeliveryLogScope.Begin(deps.Logger, delivery, delivery.Host);
        var attemptedAt = AttemptedAt(delivery, claimedAt);
        if (Unusable(delivery, out var url, out var secrets) is { } reason)
        {
            // Nothing can be sent, and retrying cannot change that: the delivery fails with the reason.
            var refused = new DeliveryAttemptResult { Error = reason };
            return Record(delivery, attemptedAt, refused, DeliveryDecision.Failed(reason), sent: false, summary);
        }
        DeliveryAttemptResult result;
        try
        {
            result = await deps.Sender.SendAsync(url, delivery.MessageId, Encoding.UTF8.GetBytes(delivery.Body), secrets, hardStop);
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            // Cut off by shutdown: nothing is recorded; the delivery goes back, due at once, and is sent again.
            return DeliveryOutcome.Release(delivery.Id);
        }
        var decision = deps.RetryPolicy.Decide(delivery.Attempts + 1, result, Random.Shared.NextDouble());
        return Record(delivery, attemptedAt, result, decision, sent: true, summary);
    }

    /// <summary>The attempt failed inside this process (a bug): recorded as a failed attempt, retried on the schedule.</summary>
    public DeliveryOutcome Faulted(ClaimedDelivery delivery, long claimedAt, Exception error, DeliveryRunSummary summary)
    {
        var result = new DeliveryAttemptResult { Error = $"ClbWorker failed while attempting it ({error.GetType().Name}: {error.Message})" };
        var decision = deps.RetryPolicy.Decide(delivery.Attempts + 1, result, Random.Shared.NextDouble());
        return Record(delivery, AttemptedAt(delivery, claimedAt), result, decision, sent: false, summary);
    }

    private DeliveryOutcome Record(ClaimedDelivery delivery, DateTimeOffset attemptedAt, DeliveryAttemptResult result, DeliveryDecision decision,
        bool sent, DeliveryRunSummary summary)
    {
        var state = decision.Step switch
        {
            DeliveryNextStep.Delivered => DeliveryStates.Delivered,
            DeliveryNextStep.Retry => DeliveryStates.Pending,
            _ => DeliveryStates.Failed,
        };
        summary.Count(state);
        deps.Metrics.WebhookAttempted(state, result, sent);
        // A task's own callback URL has no endpoint to disable.
        var disable = !delivery.IsCallback && decision.DisableEndpoint ? decision.Reason ?? "the receiver answered 410 Gone" : null;
        return new DeliveryOutcome(delivery.Id, attemptedAt, result.StatusCode, result.Duration,
            result.Error is null ? null : result.Summary, result.ResponseExcerpt, state, decision.RetryIn, disable);
    }

    /// <returns>Why nothing can be sent for <paramref name="delivery"/>, or null with the URL and the secrets to sign with.</returns>
    private string? Unusable(ClaimedDelivery delivery, out Uri url, out IReadOnlyList<WebhookSecret> secrets)
    {
        url = null!;
        secrets = [];
        var target = delivery.IsCallback ? "the task's callback_url" : "the endpoint's URL";
        if (WebhookUrlRule.Check(delivery.Url) is { } problem)
            return $"{target} cannot be used: {problem} (allowed: {WebhookUrlRule.Allowed}); correct it and redeliver";
        if (!Uri.TryCreate(delivery.Url, UriKind.Absolute, out var parsed))
            return $"{target} cannot be used: it does not parse as an absolute URL; correct it and redeliver";
        url = parsed;

        if (delivery.IsCallback)
        {
            if (Options.SigningSecret is not { } configured)
                return "Webhooks:SigningSecret is not configured, so a notification to a task's callback_url cannot be signed; configure it and redeliver.";
            secrets = [WebhookSecret.Parse(configured)];
            return null;
        }
        var parsedSecrets = new List<WebhookSecret>(delivery.SigningSecrets.Count);
        foreach (var text in delivery.SigningSecrets)
        {
            if (!WebhookSecret.TryParse(text, out var secret, out _))
                return "the endpoint's secret cannot be used to sign; rotate it and redeliver";
            parsedSecrets.Add(secret);
        }
        secrets = parsedSecrets;
        return null;
    }

    private DateTimeOffset AttemptedAt(ClaimedDelivery delivery, long claimedAt) => delivery.ClaimedAt + deps.Time.GetElapsedTime(claimedAt);
}
