using System.Globalization;
using System.Net.Http.Headers;
using ClbWorker.TencentCloud;

namespace ClbWorker.Tencent.Client;

/// <summary>
/// Builds a Cloud API request the way the official SDKs send it: <c>POST /</c>, the JSON body, the <c>X-TC-*</c> headers
/// and a TC3-HMAC-SHA256 <c>Authorization</c> (or none, for the calls STS takes unsigned). A pure function of its inputs.
/// </summary>
public static class CloudApiRequest
{
    /// <summary>Sent and signed byte for byte; set explicitly so no charset parameter is added behind our back.</summary>
    public const string ContentType = "application/json";

    /// <param name="credentials">Signs the request, and with a token adds <c>X-TC-Token</c>; null sends it unsigned.
    /// Must be complete, with a token free of whitespace and control characters (callers check, saying whose they are).</param>
    public static HttpRequestMessage Build(CloudApiCall call, ClbEndpoint endpoint, TencentCredentials? credentials, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(endpoint);
        var content = new ByteArrayContent(call.Payload);
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint.RequestUri) { Content = content };
        // Send the very Host string that was signed (with :port for a non-default port).
        request.Headers.Host = endpoint.Host;
        if (credentials is not null)
        {
            var signature = Tc3Signer.Sign(new Tc3SigningInput(
                credentials.SecretId, credentials.SecretKey, call.Service, endpoint.Host, ContentType, call.Payload, timestamp));
            request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        }
        request.Headers.Add("X-TC-Action", call.Action);
        request.Headers.Add("X-TC-Version", call.Version);
        request.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        if (call.Region is not null)
            request.Headers.Add("X-TC-Region", call.Region);
        if (!string.IsNullOrEmpty(credentials?.Token))
            request.Headers.TryAddWithoutValidation("X-TC-Token", credentials.Token);
        return request;
    }
}
