using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>
/// The Cloud API response envelopes, both sent with HTTP 200:
/// <c>{"Response":{...fields,"RequestId":"..."}}</c> and <c>{"Response":{"Error":{"Code","Message"},"RequestId":"..."}}</c>.
/// </summary>
internal static class CloudApiEnvelope
{
    public const string ContentType = "application/json";

    // Messages quote names in backticks and placeholders in angle brackets; a JSON body needs no HTML escaping of them.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(CloudApiOutcome outcome, string requestId)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var response = outcome.Error is { } error
            ? new JsonObject { ["Error"] = new JsonObject { ["Code"] = error.Code, ["Message"] = error.Message } }
            : outcome.Fields ?? [];
        response["RequestId"] = requestId;
        return Encoding.UTF8.GetBytes(new JsonObject { ["Response"] = response }.ToJsonString(Json));
    }

    public static async Task WriteAsync(HttpResponse response, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }
}
