using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ClbWorker.Cli;

/// <summary>
/// The HTTP calls of the command line. Answers other than success become a <see cref="CliFailure"/> with the exit code a
/// script can act on and the problem's own words; with <paramref name="verbose"/> each request is logged (method, path,
/// status, time), never its Authorization header.
/// </summary>
internal sealed class ClbWorkerClient(CliConnection connection, TextWriter log, bool verbose) : IDisposable
{
    public const string FinalHeader = "ClbWorker-Task-Final";

    private readonly HttpClient http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
    {
        BaseAddress = connection.BaseAddress,
        // Long polls last up to 60 s; the event stream has no end and is read with its own cancellation.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private AuthenticationHeaderValue Authorization => new("Bearer", connection.ApiKey);

    /// <summary>POST /api/tasks: the task, and whether it was created (false: it existed already).</summary>
    public async Task<(JsonElement Task, bool Created)> EnqueueAsync(JsonElement body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks")
        {
            Content = new StringContent(body.GetRawText(), Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return (await ReadJsonAsync(response, ct), response.StatusCode == HttpStatusCode.Created);
    }

    /// <summary>GET /api/tasks/{id}, with a long-poll wait when given.</summary>
    public async Task<JsonElement> GetAsync(long id, TimeSpan? wait, CancellationToken ct)
    {
        var path = $"/api/tasks/{id.ToString(CultureInfo.InvariantCulture)}" + (wait is { } w ? "?wait=" + Duration(w) : "");
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync(response, ct);
    }

    /// <summary>GET /api/tasks?taskId=&amp;region=[&amp;account=], with a long-poll wait when given: the tasks listed.</summary>
    public async Task<IReadOnlyList<JsonElement>> LookUpAsync(string taskId, string region, string? account, TimeSpan? wait, CancellationToken ct)
    {
        var query = $"taskId={Uri.EscapeDataString(taskId)}&region={Uri.EscapeDataString(region)}"
            + (account is null ? "" : $"&account={Uri.EscapeDataString(account)}")
            + (wait is { } w ? "&wait=" + Duration(w) : "");
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/tasks?" + query), HttpCompletionOption.ResponseContentRead, ct);
        var page = await ReadJsonAsync(response, ct);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>GET /api/events: the open stream (the caller reads and disposes it).</summary>
    public async Task<HttpResponseMessage> OpenEventsAsync(string query, string? lastEventId, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/events" + (query.Length > 0 ? "?" + query : ""));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        return await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        request.Headers.Authorization = Authorization;
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            Log($"{request.Method} {request.RequestUri} failed after {clock.ElapsedMilliseconds} ms: {e.Message}");
            throw new CliFailure(ExitCodes.Unavailable, $"ClbWorker at {connection.BaseAddress} cannot be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Unavailable, $"ClbWorker at {connection.BaseAddress} did not answer {request.Method} {request.RequestUri}.");
        }
        Log($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} in {clock.ElapsedMilliseconds} ms");
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await FailureAsync(response, ct);
    }

    private static async Task<CliFailure> FailureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var problem = await ProblemTextAsync(response, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new CliFailure(ExitCodes.Unavailable,
                $"ClbWorker refused the API key (401){problem}. Check {CliEnvironment.ApiKeyVariable} or --api-key-file."),
            HttpStatusCode.Forbidden => new CliFailure(ExitCodes.Unavailable,
                $"ClbWorker refused the API key for this request (403){problem}. Enqueueing needs a key with the admin role."),
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity
                => new CliFailure(ExitCodes.Usage, $"ClbWorker answered {status}{problem}"),
            _ => new CliFailure(ExitCodes.Unavailable, $"ClbWorker answered {status}{problem}"),
        };
    }

    // A problem+json answer's detail (it names the field at fault), or the start of whatever else came back.
    private static async Task<string> ProblemTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var problem = JsonDocument.Parse(text);
            foreach (var field in new[] { "detail", "title" })
            {
                if (problem.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                    return ": " + value.GetString();
            }
        }
        catch (JsonException)
        {
        }
        return text.Length == 0 ? "" : ": " + (text.Length > 200 ? text[..200] + "..." : text);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return document.RootElement.Clone();
    }

    private static string Duration(TimeSpan wait) => string.Create(CultureInfo.InvariantCulture, $"PT{Math.Max(0, wait.TotalSeconds):0.###}S");

    private void Log(string line)
    {
        if (verbose)
            log.WriteLine("clbworker: " + line);
    }

    public void Dispose() => http.Dispose();
}
