using System.Globalization;
using System.Text.Json;

namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>
/// Reads the temporary keys out of an STS answer (<c>Response.Credentials{TmpSecretId,TmpSecretKey,Token}</c>,
/// <c>Response.ExpiredTime</c>) or a CVM metadata answer (the same fields, flat, and <c>Code</c>). Pure. Errors name the
/// field that is wrong and never quote the body: it holds the keys.
/// </summary>
public static class TemporaryCredentialAnswer
{
    /// <param name="what">Who answered, for the message: <c>STS AssumeRole at https://sts.tencentcloudapi.com</c>.</param>
    /// <exception cref="CredentialSourceException">The answer is an error, malformed, or lacks a field.</exception>
    public static TemporaryCredentials FromSts(int httpStatus, ReadOnlySpan<byte> body, string what)
    {
        using var document = Json(httpStatus, body, what);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("Response", out var response) || response.ValueKind != JsonValueKind.Object)
            throw new CredentialSourceException($"{what} answered JSON without a Response object.");
        if (response.TryGetProperty("Error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = Text(error, "Code") ?? "(no code)";
            var requestId = Text(response, "RequestId") is { } id ? $" (RequestId {id})" : "";
            throw new CredentialSourceException($"{what} answered {code}: {Text(error, "Message") ?? "(no message)"}{requestId}.");
        }
        if (!response.TryGetProperty("Credentials", out var keys) || keys.ValueKind != JsonValueKind.Object)
            throw new CredentialSourceException($"{what} answered without Response.Credentials.");
        return Read(keys, response, what, "Response.Credentials.", "Response.");
    }

    /// <exception cref="CredentialSourceException">The answer is not a credential, malformed, or lacks a field.</exception>
    public static TemporaryCredentials FromMetadata(int httpStatus, ReadOnlySpan<byte> body, string what)
    {
        using var document = Json(httpStatus, body, what);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new CredentialSourceException($"{what} answered JSON that is not an object.");
        if (Text(root, "Code") is { } code && code != "Success")
            throw new CredentialSourceException($"{what} answered Code {code} instead of Success.");
        return Read(root, root, what, "", "");
    }

    private static JsonDocument Json(int httpStatus, ReadOnlySpan<byte> body, string what)
    {
        if (httpStatus != 200)
            throw new CredentialSourceException($"{what} answered HTTP {httpStatus}.");
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            throw new CredentialSourceException($"{what} answered something that is not JSON ({body.Length} bytes).");
        }
    }

    private static TemporaryCredentials Read(JsonElement keys, JsonElement expiry, string what, string keysPath, string expiryPath)
    {
        string Required(JsonElement parent, string path, string name) =>
            Text(parent, name) is { Length: > 0 } value ? value
                : throw new CredentialSourceException($"{what} answered without {path}{name}.");
        var credentials = new TencentCredentials(
            Required(keys, keysPath, "TmpSecretId"), Required(keys, keysPath, "TmpSecretKey"), Required(keys, keysPath, "Token"));
        return new TemporaryCredentials(credentials, ExpiresAt(expiry, what, expiryPath));
    }

    // ExpiredTime (Unix seconds) is what the SDKs read; Expiration (RFC 3339) says the same and serves when it is absent.
    private static DateTimeOffset ExpiresAt(JsonElement parent, string what, string path)
    {
        if (parent.TryGetProperty("ExpiredTime", out var seconds) && seconds.ValueKind == JsonValueKind.Number
            && seconds.TryGetInt64(out var unix) && unix is > 0 and < 253402300799)
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        if (Text(parent, "Expiration") is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at;
        throw new CredentialSourceException($"{what} answered without a usable {path}ExpiredTime or {path}Expiration.");
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
