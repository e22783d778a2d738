using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace ClbWorker.Tencent.Client;

/// <summary>
/// Logs the Tencent Cloud requests of one client the way the HttpClient factory's own handler logs them (category
/// <c>System.Net.Http.HttpClient.&lt;client&gt;.ClientHandler</c>, events 100 and 101, so existing log filters keep
/// working), but never their headers: the factory's header logging redacts the message text and still hands the raw
/// values (the <c>X-TC-Token</c> session token) to any logger that reads the structured state.
/// </summary>
internal sealed partial class RequestLineLogger(ILogger logger) : IHttpClientLogger
{
    /// <summary>Replaces the factory's loggers of <paramref name="client"/> with this one, innermost, where the request leaves.</summary>
    public static IHttpClientBuilder For(IHttpClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var category = $"System.Net.Http.HttpClient.{client.Name}.ClientHandler";
        return client.RemoveAllLoggers()
            .AddLogger(sp => new RequestLineLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger(category)));
    }

    public object? LogRequestStart(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Sending(logger, request.Method, request.RequestUri);
        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(response);
        Received(logger, elapsed.TotalMilliseconds, (int)response.StatusCode);
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
    }

    [LoggerMessage(EventId = 100, EventName = "RequestStart", Level = LogLevel.Information, Message = "Sending HTTP request {HttpMethod} {Uri}")]
    private static partial void Sending(ILogger logger, HttpMethod httpMethod, Uri? uri);

    [LoggerMessage(EventId = 101, EventName = "RequestEnd", Level = LogLevel.Information,
        Message = "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}")]
    private static partial void Received(ILogger logger, double elapsedMilliseconds, int statusCode);
}
