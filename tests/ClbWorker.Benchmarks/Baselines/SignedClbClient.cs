using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.TencentCloud;

namespace ClbWorker.Benchmarks.Baselines;

/// <summary>
/// DescribeTaskStatus as an SDK user would call it from a baseline: one TC3-signed POST, the answer's Status or
/// error code, no retries. Signed with the project's TC3 signer, which reproduces Tencent's published vectors.
/// </summary>
public sealed class SignedClbClient(HttpClient http, string endpoint, Credential credential)
{
    private const string ContentType = "application/json";
    private readonly Uri uri = new(endpoint);

    /// <returns>The Status (0, 1, 2), or null with the error code in <c>Error</c>.</returns>
    public async Task<(int? Status, string? Error)> DescribeTaskStatusAsync(string taskId, string region, CancellationToken ct)
    {
        var payload = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { TaskId = taskId }));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var host = uri.Authority;
        var signature = Tc3Signer.Sign(new Tc3SigningInput(credential.SecretId, credential.SecretKey, "clb", host, ContentType, payload, timestamp));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        request.Headers.Add("X-TC-Action", "DescribeTaskStatus");
        request.Headers.Add("X-TC-Version", "2018-03-17");
        request.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-TC-Region", region);
        try
        {
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                return (null, $"HttpStatus{(int)response.StatusCode}");
            using var json = JsonDocument.Parse(body);
            var answer = json.RootElement.GetProperty("Response");
            if (answer.TryGetProperty("Error", out var error))
                return (null, error.GetProperty("Code").GetString());
            return (answer.GetProperty("Status").GetInt32(), null);
        }
        catch (HttpRequestException e)
        {
            return (null, $"ConnectionFailed: {e.Message}");
        }
    }
}
