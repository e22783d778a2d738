using System.Collections.Concurrent;
using System.Text.Json;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Endpoints;
using ClbWorker.Webhooks.Security;
using ClbWorker.Webhooks.Sending;
using Microsoft.Extensions.Options;

namespace ClbWorker.Development;

/// <summary>
/// Verifies and logs the notifications the dev run sends to itself, and lists the latest ones. It accepts the
/// configured secrets and those of every endpoint in the table, so an endpoint registered through the API at
/// <c>/dev/webhooks</c> verifies too (a rotated one with its old secret as well while that still signs).
/// </summary>
internal sealed class DevelopmentWebhookReceiver(
    IOptions<WebhookOptions> options, WebhookEndpointStore endpoints, TimeProvider time, ILogger<DevelopmentWebhookReceiver> logger)
{
    private const int Kept = 50;
    private const int MaxBody = 1024 * 1024;
    private readonly ConcurrentQueue<ReceivedWebhook> recent = new();

    public async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBody)
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = buffer.ToArray();
        var id = request.Headers[WebhookSender.IdHeader].ToString();
        var secrets = await SecretsAsync(request.HttpContext.RequestAborted);
        var verification = WebhookSignatureVerifier.Verify(id, request.Headers[WebhookSender.TimestampHeader],
            request.Headers[WebhookSender.SignatureHeader], body, secrets, time.GetUtcNow());

        using var json = JsonDocument.Parse(body);
        var type = json.RootElement.GetProperty("type").GetString();
        var data = json.RootElement.GetProperty("data");
        var received = new ReceivedWebhook(id, type, data.GetProperty("taskId").GetString(), data.GetProperty("state").GetString(),
            verification.ToString(), time.GetUtcNow(), JsonSerializer.Deserialize<JsonElement>(body));
        recent.Enqueue(received);
        while (recent.Count > Kept && recent.TryDequeue(out _))
        {
        }
        logger.LogInformation("Webhook received: {Type} for task {TaskId} (webhook-id {MessageId}), signature {Verification}",
            received.Type, received.TaskId, id, verification);
        return verification == WebhookVerification.Verified ? TypedResults.NoContent() : TypedResults.Unauthorized();
    }

    public IResult Recent() => TypedResults.Ok(recent.Reverse().ToList());

    private async Task<List<WebhookSecret>> SecretsAsync(CancellationToken ct)
    {
        var o = options.Value;
        var secrets = o.Endpoints.Values.Where(e => e.Secret is not null).Select(e => WebhookSecret.Parse(e.Secret!)).ToList();
        if (o.SigningSecret is not null)
            secrets.Add(WebhookSecret.Parse(o.SigningSecret));
        var now = time.GetUtcNow();
        foreach (var endpoint in await endpoints.ListAsync(ct))
        {
            secrets.Add(WebhookSecret.Parse(endpoint.Secret));
            if (endpoint.PreviousSecret is not null && endpoint.PreviousSecretExpiresAt > now)
                secrets.Add(WebhookSecret.Parse(endpoint.PreviousSecret));
        }
        return secrets;
    }

    private sealed record ReceivedWebhook(string MessageId, string? Type, string? TaskId, string? State, string Signature, DateTimeOffset ReceivedAt, JsonElement Body);
}
