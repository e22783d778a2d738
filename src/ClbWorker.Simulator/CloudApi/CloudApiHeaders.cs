using ClbWorker.TencentCloud;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>The headers of a Cloud API call, as received (no trimming or case changes: the signature covers them).</summary>
/// <param name="Authorization">The parsed Authorization header; null when missing or malformed.</param>
/// <param name="ContentType">The Content-Type header exactly as sent; empty when absent.</param>
/// <param name="Host">The Host header, port included.</param>
internal sealed record CloudApiHeaders(
    Tc3Authorization? Authorization,
    string ContentType,
    string Host,
    string? Action,
    string? Version,
    string? Region,
    string? Timestamp,
    string? Token)
{
    public static CloudApiHeaders From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers;
        return new CloudApiHeaders(
            Tc3Authorization.TryParse(headers.Authorization.ToString(), out var authorization) ? authorization : null,
            headers.ContentType.ToString(),
            headers.Host.ToString(),
            Optional(headers, "X-TC-Action"),
            Optional(headers, "X-TC-Version"),
            Optional(headers, "X-TC-Region"),
            Optional(headers, "X-TC-Timestamp"),
            Optional(headers, "X-TC-Token"));
    }

    private static string? Optional(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}
