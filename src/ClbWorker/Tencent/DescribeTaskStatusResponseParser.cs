using System.Text.Json;

namespace ClbWorker.Tencent;

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
        return new TaskStatusReported((ClbTaskStatus)value, requestId);
    }

    private static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
