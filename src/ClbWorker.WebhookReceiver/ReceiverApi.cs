using System.Text.Json;

namespace ClbWorker.WebhookReceiver;

/// <summary><c>POST {Path}</c> verifies, logs and keeps a notification; <c>GET {Path}</c> lists the latest ones.</summary>
internal static partial class ReceiverApi
{
    /// <summary>Larger than any ClbWorker notification; a body past it is refused unread.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    public static void MapReceiver(this WebApplication app, ReceiverOptions options)
    {
        app.MapPost(options.Path, ReceiveAsync);
        app.MapGet(options.Path, (ReceivedWebhooks received) => TypedResults.Ok(received.Latest()));
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IReadOnlyList<SigningKey> keys, ReceivedWebhooks received,
        TimeProvider time, ILoggerFactory loggers)
    {
        if (request.ContentLength > MaxBodyBytes)
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = buffer.ToArray();

        var now = time.GetUtcNow();
        var id = request.Headers["webhook-id"].ToString();
        var verdict = SignatureCheck.Verify(id, request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body, keys, now);
        var (type, taskId, state) = Describe(body);
        var webhook = new ReceivedWebhook(id, type, taskId, state, verdict, now, body.Length);
        received.Add(webhook);
        Received(loggers.CreateLogger("ClbWorker.WebhookReceiver"), type, taskId, state, id, verdict);
        // 401 on a bad signature: the sender records the refusal and retries, as it would with a real receiver.
        return verdict == Verdict.Verified ? TypedResults.NoContent() : TypedResults.Unauthorized();
    }

    // What the notification says, as far as it can be read; an unreadable body is still kept and logged.
    private static (string? Type, string? TaskId, string? State) Describe(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            return (Text(root, "type"), Text(data, "taskId"), Text(data, "state"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Received {Type} for task {TaskId} ({State}), webhook-id {MessageId}: {Verdict}")]
    private static partial void Received(ILogger logger, string? type, string? taskId, string? state, string messageId, Verdict verdict);
}
