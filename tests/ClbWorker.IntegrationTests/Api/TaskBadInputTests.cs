using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;

namespace ClbWorker.IntegrationTests.Api;

/// <summary>
/// Malformed requests to every task route that takes input: each is answered 4xx with problem+json naming the field,
/// and neither clb.tasks nor clb.webhook_deliveries changes by a single byte.
/// </summary>
public sealed class TaskBadInputTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Valid = "\"region\": \"ap-guangzhou\"";
    private static readonly string HugeBody = "{\"taskId\": \"huge\", " + Valid + ", \"metadata\": {\"x\": \"" + new string('a', 1_100_000) + "\"}}";
    private static readonly string BigMetadata = "{\"taskId\": \"big-metadata\", " + Valid + ", \"metadata\": {\"x\": \"" + new string('a', 16_400) + "\"}}";
    private static readonly string Batch1001 = "{\"tasks\": [" + string.Join(",", Enumerable.Range(0, 1001).Select(n => $"{{\"taskId\": \"over-{n}\", {Valid}}}")) + "]}";

    public static readonly IReadOnlyList<BadInputCase> Cases =
    [
        // The body is not the JSON object the route reads.
        BadInputCase.Create("malformed JSON", "{\"taskId\": ", "body"),
        BadInputCase.Create("JSON followed by garbage", "{\"taskId\": \"a\", " + Valid + "} x", "body"),
        BadInputCase.Create("not JSON at all", "hello", "body"),
        BadInputCase.Create("a JSON array", "[{\"taskId\": \"a\", " + Valid + "}]", "body"),
        BadInputCase.Create("a JSON string", "\"task\"", "body"),
        BadInputCase.Create("JSON null", "null", "body"),
        BadInputCase.Create("an empty body", "", "body"),
        new("text/plain content type", HttpMethod.Post, "/api/tasks", "{\"taskId\": \"a\", " + Valid + "}", HttpStatusCode.UnsupportedMediaType, "Content-Type", "text/plain"),
        new("no content type", HttpMethod.Post, "/api/tasks", "{\"taskId\": \"a\", " + Valid + "}", HttpStatusCode.UnsupportedMediaType, "Content-Type", null),
        new("a body over 1 MiB", HttpMethod.Post, "/api/tasks", HugeBody, HttpStatusCode.RequestEntityTooLarge, "body"),
        new("a chunked body over 1 MiB", HttpMethod.Post, "/api/tasks", HugeBody, HttpStatusCode.RequestEntityTooLarge, "body", Chunked: true),
        // Wrong types and unknown or missing properties.
        BadInputCase.Create("taskId a number", "{\"taskId\": 42, " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId an object", "{\"taskId\": {}, " + Valid + "}", "taskId"),
        BadInputCase.Create("region an array", "{\"taskId\": \"a\", \"region\": [\"ap-guangzhou\"]}", "region"),
        BadInputCase.Create("deadline a number", "{\"taskId\": \"a\", " + Valid + ", \"deadline\": 5}", "deadline"),
        BadInputCase.Create("a misspelt property", "{\"taskId\": \"a\", \"regoin\": \"ap-guangzhou\"}", "regoin"),
        BadInputCase.Create("taskId missing", "{" + Valid + "}", "taskId"),
        BadInputCase.Create("region missing", "{\"taskId\": \"a\"}", "region"),
        // taskId rules, the same as clb.is_valid_task_id.
        BadInputCase.Create("taskId empty", "{\"taskId\": \"\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with a space", "{\"taskId\": \"a b\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with a tab", "{\"taskId\": \"a\\tb\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with a control character", "{\"taskId\": \"a\\u0001b\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with NUL", "{\"taskId\": \"a\\u0000b\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with DEL", "{\"taskId\": \"a\\u007fb\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with a no-break space", "{\"taskId\": \"a\\u00a0b\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with an ideographic space", "{\"taskId\": \"a\\u3000b\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with a zero-width space", "{\"taskId\": \"a\\u200bb\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with a line separator", "{\"taskId\": \"a\\u2028b\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId of 65 characters", "{\"taskId\": \"" + new string('x', 65) + "\", " + Valid + "}", "taskId"),
        BadInputCase.Create("taskId with an unpaired surrogate", "{\"taskId\": \"a\\ud800b\", " + Valid + "}", "taskId"),
        // Region and account.
        BadInputCase.Create("an unknown region", "{\"taskId\": \"a\", \"region\": \"xx-nowhere\"}", "region"),
        BadInputCase.Create("a region in capitals", "{\"taskId\": \"a\", \"region\": \"AP-GUANGZHOU\"}", "region"),
        BadInputCase.Create("an unconfigured account", "{\"taskId\": \"a\", " + Valid + ", \"account\": \"nobody\"}", "account"),
        BadInputCase.Create("an empty account", "{\"taskId\": \"a\", " + Valid + ", \"account\": \"\"}", "account"),
        // Callback URLs: the SSRF guard's static checks.
        BadInputCase.Create("callback to 10.x", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"http://10.0.0.1/hook\"}", "callbackUrl"),
        BadInputCase.Create("callback to 127.0.0.1", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"http://127.0.0.1:8080/hook\"}", "callbackUrl"),
        BadInputCase.Create("callback to [::1]", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"http://[::1]/hook\"}", "callbackUrl"),
        BadInputCase.Create("callback to the metadata service", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"http://169.254.169.254/latest/meta-data/\"}", "callbackUrl"),
        BadInputCase.Create("callback to IPv4-mapped loopback", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"http://[::ffff:127.0.0.1]/hook\"}", "callbackUrl"),
        BadInputCase.Create("callback to 192.168.x", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"https://192.168.1.10/hook\"}", "callbackUrl"),
        BadInputCase.Create("callback over ftp", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"ftp://hooks.example.com/x\"}", "callbackUrl"),
        BadInputCase.Create("callback relative", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"/hooks/clb\"}", "callbackUrl"),
        BadInputCase.Create("callback with user info", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"https://user:pw@hooks.example.com/\"}", "callbackUrl"),
        BadInputCase.Create("callback with a space", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"https://hooks.example.com/a b\"}", "callbackUrl"),
        BadInputCase.Create("callback of 3000 characters", "{\"taskId\": \"a\", " + Valid + ", \"callbackUrl\": \"https://hooks.example.com/" + new string('p', 3000) + "\"}", "callbackUrl"),
        // Metadata and deadline.
        BadInputCase.Create("metadata an array", "{\"taskId\": \"a\", " + Valid + ", \"metadata\": [1, 2]}", "metadata"),
        BadInputCase.Create("metadata a string", "{\"taskId\": \"a\", " + Valid + ", \"metadata\": \"{}\"}", "metadata"),
        BadInputCase.Create("metadata over 16 KiB", BigMetadata, "metadata"),
        BadInputCase.Create("metadata with NUL", "{\"taskId\": \"a\", " + Valid + ", \"metadata\": {\"x\": \"a\\u0000b\"}}", "metadata"),
        BadInputCase.Create("metadata with a number jsonb refuses", "{\"taskId\": \"a\", " + Valid + ", \"metadata\": {\"x\": 1e400000}}", "metadata"),
        BadInputCase.Create("deadline in the past", "{\"taskId\": \"a\", " + Valid + ", \"deadline\": \"2020-01-01T00:00:00Z\"}", "deadline"),
        BadInputCase.Create("deadline unparsable", "{\"taskId\": \"a\", " + Valid + ", \"deadline\": \"tomorrow\"}", "deadline"),
        BadInputCase.Create("deadline without an offset", "{\"taskId\": \"a\", " + Valid + ", \"deadline\": \"2030-01-01T00:00:00\"}", "deadline"),
        BadInputCase.Create("deadline in months", "{\"taskId\": \"a\", " + Valid + ", \"deadline\": \"P1M\"}", "deadline"),
        BadInputCase.Create("deadline of zero", "{\"taskId\": \"a\", " + Valid + ", \"deadline\": \"PT0S\"}", "deadline"),
        BadInputCase.Create("deadline too far", "{\"taskId\": \"a\", " + Valid + ", \"deadline\": \"P30D\"}", "deadline"),
        // Batches.
        BadInputCase.Batch("batch of 1001", Batch1001, "tasks"),
        BadInputCase.Batch("batch empty", "{\"tasks\": []}", "tasks"),
        BadInputCase.Batch("batch tasks not an array", "{\"tasks\": {\"taskId\": \"a\"}}", "tasks"),
        BadInputCase.Batch("batch without tasks", "{}", "tasks"),
        BadInputCase.Batch("batch with a misspelt property", "{\"task\": []}", "task"),
        BadInputCase.Batch("batch a JSON array", "[{\"taskId\": \"a\", " + Valid + "}]", "body"),
        BadInputCase.Batch("batch malformed JSON", "{\"tasks\": [", "body"),
        BadInputCase.Batch("batch over 1 MiB", "{\"tasks\": [" + HugeBody + "]}", "body", HttpStatusCode.RequestEntityTooLarge),
        // The query string of the listing.
        BadInputCase.List("limit=0", "limit=0", "limit"),
        BadInputCase.List("limit=100000", "limit=100000", "limit"),
        BadInputCase.List("limit=abc", "limit=abc", "limit"),
        BadInputCase.List("limit=-1", "limit=-1", "limit"),
        BadInputCase.List("an unknown cursor", "cursor=not-a-cursor", "cursor"),
        BadInputCase.List("a tampered cursor", "cursor={tampered}", "cursor"),
        BadInputCase.List("a cursor of other filters", "state=failed&cursor={valid}", "cursor"),
        BadInputCase.List("an unknown state", "state=done", "state"),
        BadInputCase.List("createdAfter unparsable", "createdAfter=yesterday", "createdAfter"),
        BadInputCase.List("createdAfter without an offset", "createdAfter=2026-01-01T00:00:00", "createdAfter"),
        BadInputCase.List("a misspelt parameter", "stat=pending", "stat"),
        BadInputCase.List("taskId filter with a space", "taskId=a%20b", "taskId"),
        BadInputCase.List("region filter malformed", "region=Guangzhou", "region"),
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_malformed_request_is_answered_4xx_naming_the_field_and_changes_nothing(string name)
    {
        var @case = Cases.Single(c => c.Name == name);
        await SeedAsync();
        var before = await ChecksumAsync();
        using var http = world.Client();

        using var request = new HttpRequestMessage(@case.Method, await PathAsync(http, @case.Path));
        if (@case.Body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(@case.Body);
            request.Content = @case.Chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
            if (@case.Chunked)
                request.Headers.TransferEncodingChunked = true;
            if (@case.ContentType is not null)
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(@case.ContentType);
        }
        var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(@case.Status == response.StatusCode, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(@case.Field, out var messages), $"{name}: no error for '{@case.Field}' in {text}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await ChecksumAsync());
    }

    // A few rows that no poller touches for an hour, so the checksum covers real data and a cursor can be issued.
    private async Task SeedAsync()
    {
        await using var connection = await world.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO clb.tasks (task_id, region, next_poll_at, callback_url)
            SELECT 'seed-' || n, 'ap-guangzhou', now() + interval '1 hour', 'https://hooks.example.com/clb'
            FROM generate_series(1, 3) AS n
            ON CONFLICT DO NOTHING
            """);
    }

    private async Task<string> ChecksumAsync()
    {
        await using var connection = await world.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("""
            SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t.id)), '') FROM clb.tasks t)
                || ' ' || (SELECT count(*) || ':' || coalesce(md5(string_agg(d::text, '|' ORDER BY d.id)), '') FROM clb.webhook_deliveries d)
            """) ?? "";
    }

    // {valid} is a cursor issued for the unfiltered listing; {tampered} is that cursor with one character changed.
    private static async Task<string> PathAsync(HttpClient http, string path)
    {
        if (!path.Contains('{', StringComparison.Ordinal))
            return path;
        var page = JsonDocument.Parse(await http.GetStringAsync("/api/tasks?limit=1", Ct)).RootElement;
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var tampered = (cursor[5] == 'A' ? 'B' : 'A') + "";
        return path.Replace("{valid}", cursor, StringComparison.Ordinal)
            .Replace("{tampered}", cursor[..5] + tampered + cursor[6..], StringComparison.Ordinal);
    }
}
