using System.Text.Json;

namespace ClbWorker.Tencent.Client;

/// <summary>
/// Turns an HTTP status and body into a <see cref="DescribeTaskStatusResult"/>, as a pure function. The
/// result's <see cref="DescribeTaskStatusResult.Elapsed"/> is left zero for the caller to set.
/// </summary>
public static class DescribeTaskStatusResponseParser
{
    public static DescribeTaskStatusResult Parse(int httpStatusCode, ReadOnlySpan<byte> body)
    {
        // Tencent answers its own errors with 200; anything else came from a gateway, proxy or load balancer.
        if (httpStatusCode != 200)
            return new HttpErrorReceived(httpStatusCode, ResponseExcerpt.From(body));
        if (body.IsEmpty)
            return new MalformedResponse("the body is empty");

        JsonDocument document;
        try
        {
            // Parse (not ParseValue) so that trailing bytes after the JSON value are rejected too.
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return new MalformedResponse($"the body is not JSON: {ResponseExcerpt.From(body, 60)}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Response", out var response)
                || response.ValueKind != JsonValueKind.Object)
                return new MalformedResponse("the body has no Response object");

            return response.TryGetProperty("Error", out var error) && error.ValueKind != JsonValueKind.Null
                ? ParseError(error, OptionalString(response, "RequestId"))
                : ParseStatus(response);
        }
    }

    private static DescribeTaskStatusResult ParseError(JsonElement error, string? requestId)
    {
        if (error.ValueKind != JsonValueKind.Object)
            return new MalformedResponse("Response.Error is not an object");
        var code = OptionalString(error, "Code");
        if (string.IsNullOrEmpty(code))
            return new MalformedResponse("Response.Error has no Code");
        return new ApiErrorReported(code, OptionalString(error, "Message") ?? "", requestId);
    }

    private static DescribeTaskStatusResult ParseStatus(JsonElement response)
    {
        var requestId = OptionalString(response, "RequestId");
        if (string.IsNullOrEmpty(requestId))
            return new MalformedResponse("Response.RequestId is missing");
        if (!response.TryGetProperty("Status", out var status))
            return new MalformedResponse("Response.Status is missing");
        if (status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out var value))
            return new MalformedResponse("Response.Status is not an integer");
        if (value is < 0 or > 2)
            return new MalformedResponse($"Response.Status is {value}; known values are 0 (succeeded), 1 (failed), 2 (running)");

        // Both may be null or absent (older API versions, tasks that touch no instance); a wrong type is malformed.
        string? message = null;
        if (response.TryGetProperty("Message", out var messageValue) && messageValue.ValueKind != JsonValueKind.Null)
        {
            if (messageValue.ValueKind != JsonValueKind.String)
                return new MalformedResponse("Response.Message is neither a string nor null");
            message = messageValue.GetString() is { Length: > 0 } text ? Bounded(text) : null;
        }
        List<string>? ids = null;
        if (response.TryGetProperty("LoadBalancerIds", out var idsValue) && idsValue.ValueKind != JsonValueKind.Null)
        {
            if (idsValue.ValueKind != JsonValueKind.Array)
                return new MalformedResponse("Response.LoadBalancerIds is neither an array nor null");
            ids = [];
            foreach (var id in idsValue.EnumerateArray())
            {
                if (id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
                    return new MalformedResponse("Response.LoadBalancerIds holds an element that is not a non-empty string");
                ids.Add(id.GetString()!);
            }
        }
        return new TaskStatusReported((ClbTaskStatus)value, requestId, ids is { Count: > 0 } ? ids : null, message);
    }

    /// <summary>The most of a Message kept: it is stored and sent in every notification, and a cause fits in far less.</summary>
    public const int MaxMessageLength = 4000;

    private static string Bounded(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength];

    private static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
