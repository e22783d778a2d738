using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClbWorker.IntegrationTests.Tencent;

/// <summary>A real Kestrel server on 127.0.0.1 (or another loopback URL) with an OS-assigned port that records every request it receives.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Completes when the first request's headers and body have been read.</summary>
    public Task FirstRequest => _firstRequest.Task;

    public static Task<LoopbackServer> StartAsync(Func<HttpContext, CancellationToken, Task> respond, CancellationToken ct) =>
        StartAsync("http://127.0.0.1:0", respond, ct);

    /// <param name="url">Where to listen, e.g. <c>http://[::1]:0</c>; always a loopback address.</param>
    public static async Task<LoopbackServer> StartAsync(string url, Func<HttpContext, CancellationToken, Task> respond, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            server.Received.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray(),
                context.Request.Protocol));
            server._firstRequest.TrySetResult();
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(
                context.RequestAborted, app.Lifetime.ApplicationStopping);
            try
            {
                await respond(context, aborted.Token);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client gave up (timeout or cancellation tests): nothing left to answer.
            }
        });
        await app.StartAsync(ct);
        server.BaseAddress = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>Answers 200 with <paramref name="json"/> as a Tencent-style JSON body.</summary>
    public static Func<HttpContext, CancellationToken, Task> Json(string json, int status = 200) =>
        (context, ct) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(json, ct);
        };

    /// <summary>Answers 204 No Content to everything: a webhook receiver that accepts what it gets.</summary>
    public static Task NoContent(HttpContext context, CancellationToken ct)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>Never answers; returns when the client disconnects or the server stops.</summary>
    public static Task Hang(HttpContext context, CancellationToken ct) => Task.Delay(Timeout.Infinite, ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, string Protocol)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
