using System.Text.Json;
using ClbWorker.Tencent.Credentials;
using Microsoft.Extensions.Options;

namespace ClbWorker.Tencent.Client;

/// <summary>
/// Typed HttpClient for the CLB API (service <c>clb</c>, version <c>2018-03-17</c>). It makes exactly one
/// signed call per method call: no retries, no rate limiting; those belong to the polling engine. The credentials of
/// each call come from the account's source (<see cref="ITencentCredentials"/>), current at the time of sending.
/// </summary>
public sealed class ClbApiClient(HttpClient http, IOptions<TencentOptions> options, ITencentCredentials credentials, TimeProvider time)
{
    public const string Action = "DescribeTaskStatus";
    public const string Version = "2018-03-17";

    /// <summary>Sent and signed byte for byte; set explicitly so no charset parameter is added behind our back.</summary>
    public const string ContentType = CloudApiRequest.ContentType;

    private readonly TencentOptions _options = options.Value;

    /// <summary>Asks for the status of the asynchronous task <paramref name="taskId"/> (a mutating call's RequestId, or an order id).</summary>
    /// <param name="region">A well-formed region name, sent as X-TC-Region and used to pick the endpoint.</param>
    /// <exception cref="InvalidOperationException">The account's credentials cannot be sent; nothing was sent.</exception>
    /// <param name="sendBy">When set, the request is not sent if it would leave after this instant (see <see cref="SendDeadlineHandler"/>); the result is then <see cref="SlotMissed"/>.</param>
    /// <param name="idKind">Whether <paramref name="taskId"/> goes out as <c>TaskId</c> or as <c>DealName</c>.</param>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (a timeout is a result instead).</exception>
    public async Task<DescribeTaskStatusResult> DescribeTaskStatusAsync(
        TencentAccount account, string region, string taskId, CancellationToken ct, DateTimeOffset? sendBy = null,
        ClbTaskIdKind idKind = ClbTaskIdKind.TaskId)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var endpoint = ClbEndpoints.Resolve(region, account.Endpoint, _options.UseRegionalEndpoints);
        TencentCredentials signing;
        try
        {
            signing = await credentials.GetAsync(account, ct);
        }
        catch (CredentialSourceException e)
        {
            return new CredentialsUnavailable(e.Message);
        }
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = BuildRequest(account, signing, region, TaskPayload(idKind, taskId), endpoint, timestamp);
        if (sendBy is { } deadline)
            request.Options.Set(SendDeadlineHandler.SendBy, deadline);

        var started = time.GetTimestamp();
        // Our own timeout token, linked with the caller's, tells the two kinds of cancellation apart;
        // HttpClient.Timeout is infinite (see TencentClientRegistration) so it never competes.
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        DescribeTaskStatusResult result;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var (body, tooLarge) = await ResponseBodyReader.ReadAsync(response.Content, ResponseBodyReader.MaxBytes, linked.Token);
            var status = (int)response.StatusCode;
            result = tooLarge && status == 200
                ? new MalformedResponse($"the body exceeds {ResponseBodyReader.MaxBytes} bytes")
                : DescribeTaskStatusResponseParser.Parse(status, body);
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested && e.CancellationToken != ct)
        {
            // Carry the caller's own token rather than the linked one, so the caller recognises its cancellation.
            throw new OperationCanceledException($"The caller cancelled the {Action} call.", e, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            result = new RequestTimedOut(_options.Timeout);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Neither the caller nor our timeout: the handler's own connect timeout.
            result = new ConnectionFailed($"connecting to {endpoint.Host} timed out");
        }
        catch (SendSlotMissedException e)
        {
            result = new SlotMissed(e.Lateness);
        }
        catch (HttpRequestException e) when (InnerSlotMissed(e) is { } missed)
        {
            // The connection opened for it was ready only after the send deadline: nothing was written.
            result = new SlotMissed(missed.Lateness);
        }
        catch (HttpRequestException e)
        {
            result = new ConnectionFailed(Describe(e, endpoint));
        }
        catch (IOException e)
        {
            result = new ConnectionFailed($"reading the answer from {endpoint.Host} failed: {e.Message}");
        }
        return result with { Elapsed = time.GetElapsedTime(started), SecretId = signing.SecretId };
    }

    /// <summary>
    /// Tencent Cloud refused the credentials with <paramref name="rejectedSecretId"/> (an expired token): renews them now.
    /// True when a retry can use something else; see <see cref="ICredentialProvider.RenewAsync"/>.
    /// </summary>
    public ValueTask<bool> RenewCredentialsAsync(TencentAccount account, string? rejectedSecretId, CancellationToken ct) =>
        credentials.RenewAsync(account, rejectedSecretId, ct);

    /// <summary>
    /// Prepares this process to send on time without sending anything to the CLB endpoint: fetches the account's
    /// credentials (the first fetch of temporary keys goes to the metadata service or STS), and runs the code a real
    /// request runs (building and signing, connecting and exchanging over HTTP with a listener of its own on loopback,
    /// parsing an answer) once, so that the first real request is not held up compiling it. Failures are ignored; the
    /// real request reports them.
    /// </summary>
    public async Task PrepareAsync(TencentAccount account, string region, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        var endpoint = ClbEndpoints.Resolve(region, account.Endpoint, _options.UseRegionalEndpoints);
        try
        {
            var signing = await credentials.GetAsync(account, ct);
            if (signing.IsComplete)
            {
                using var request = BuildRequest(account, signing, region, TaskPayload(ClbTaskIdKind.TaskId, "prepare"), endpoint,
                    time.GetUtcNow().ToUnixTimeSeconds());
            }
        }
        catch (Exception e) when (e is CredentialSourceException or InvalidOperationException)
        {
            // The real request reports it.
        }
        DescribeTaskStatusResponseParser.Parse(200, PreparedAnswer);
        try
        {
            await HttpStackWarmUp.ExchangeAsync(() => TencentClientRegistration.CreateClbHandler(time), ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            // Only a head start: the real request works without it.
        }
    }

    private static SendSlotMissedException? InnerSlotMissed(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SendSlotMissedException missed)
                return missed;
        }
        return null;
    }

    // An answer of the shape Tencent Cloud sends, parsed once by PrepareAsync.
    private static ReadOnlySpan<byte> PreparedAnswer =>
        """{"Response":{"Status":2,"LoadBalancerIds":null,"Message":null,"RequestId":"00000000-0000-0000-0000-000000000000"}}"""u8;

    private static HttpRequestMessage BuildRequest(
        TencentAccount account, TencentCredentials credentials, string region, byte[] payload, ClbEndpoint endpoint, long timestamp)
    {
        if (!credentials.IsComplete)
            throw new InvalidOperationException(
                $"Tencent account '{account.Name}' has no SecretId/SecretKey configured, so the {Action} request "
                + $"was not sent. Set {CredentialKeys(account.Name)}.");
        // Checked here rather than left to header validation, whose error message would quote the token.
        if (credentials.Token is { } token && token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            throw new InvalidOperationException(
                $"Tencent account '{account.Name}' has a Token containing whitespace or control characters, "
                + $"so the {Action} request was not sent.");
        return CloudApiRequest.Build(new CloudApiCall(ClbEndpoints.Service, Version, Action, region, payload), endpoint, credentials, timestamp);
    }

    private static byte[] TaskPayload(ClbTaskIdKind idKind, string id)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(idKind == ClbTaskIdKind.DealName ? "DealName" : "TaskId", id);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string CredentialKeys(string accountName) =>
        string.Equals(accountName, TencentAccounts.DefaultName, StringComparison.OrdinalIgnoreCase)
            ? "Tencent:SecretId and Tencent:SecretKey"
            : $"Tencent:Accounts:{accountName}:SecretId and Tencent:Accounts:{accountName}:SecretKey";

    private static string Describe(HttpRequestException e, ClbEndpoint endpoint) =>
        e.HttpRequestError == HttpRequestError.Unknown
            ? $"request to {endpoint.Host} failed: {e.Message}"
            : $"request to {endpoint.Host} failed ({e.HttpRequestError}): {e.Message}";
}
