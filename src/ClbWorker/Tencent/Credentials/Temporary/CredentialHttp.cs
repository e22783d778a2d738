using ClbWorker.Tencent.Client;

namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>
/// The HTTP calls of the credential sources (instance metadata, STS): one attempt within the configured timeout, the
/// body read up to a cap, every failure turned into a <see cref="CredentialSourceException"/> saying who did not answer.
/// </summary>
public sealed class CredentialHttp(IHttpClientFactory clients, TimeSpan timeout, TimeProvider time)
{
    /// <summary>The named client registered for these calls (no redirects, no cookies, credentials headers redacted in logs).</summary>
    public const string ClientName = "ClbWorker.TencentCredentials";

    /// <summary>A metadata or STS answer is well under a kilobyte.</summary>
    private const int MaxBytes = 64 * 1024;

    /// <param name="what">Who is asked, for the message: <c>the CVM metadata service at http://...</c>.</param>
    /// <exception cref="CredentialSourceException">No answer, or one too large.</exception>
    public async Task<(int Status, byte[] Body)> SendAsync(HttpRequestMessage request, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var expiry = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, expiry.Token);
        try
        {
            var http = clients.CreateClient(ClientName);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var (body, tooLarge) = await ResponseBodyReader.ReadAsync(response.Content, MaxBytes, linked.Token);
            if (tooLarge)
                throw new CredentialSourceException($"{what} answered more than {MaxBytes} bytes.");
            return ((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CredentialSourceException($"{what} did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            throw new CredentialSourceException($"{what} could not be reached: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CredentialSourceException($"reading the answer of {what} failed: {e.Message}");
        }
    }
}
