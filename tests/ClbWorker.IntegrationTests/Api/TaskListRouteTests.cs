using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace ClbWorker.IntegrationTests.Api;

public sealed class TaskListRouteTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 237 tasks in every state, two regions and two accounts, created over 237 minutes; none due for an hour, so
    // no poller changes them while the pages are walked. Task ids and account names start with the test's prefix.
    private const string FillSql = """
        INSERT INTO clb.tasks (task_id, region, account, state, completed_at, next_poll_at, created_at)
        SELECT @prefix || n,
               CASE WHEN n % 3 = 0 THEN 'ap-shanghai' ELSE 'ap-guangzhou' END,
               @prefix || CASE WHEN n % 5 = 0 THEN 'other' ELSE 'main' END,
               (ARRAY['pending', 'succeeded', 'failed', 'timed_out', 'invalid', 'cancelled'])[n % 6 + 1],
               CASE WHEN n % 6 = 0 THEN NULL ELSE now() END,
               now() + interval '1 hour',
               now() - (237 - n) * interval '1 minute'
        FROM generate_series(1, 237) AS n
        """;

    [Fact]
    public async Task Walking_all_pages_returns_every_task_once_newest_first_with_and_without_filters()
    {
        await FillAsync("walk-");
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(100.5);
        var filters = new (string Query, string Where)[]
        {
            ("", "true"),
            ("&state=failed", "state = 'failed'"),
            ("&state=pending", "state = 'pending'"),
            ("&region=ap-shanghai&account=walk-other", "region = 'ap-shanghai' AND account = 'walk-other'"),
            ($"&createdAfter={Uri.EscapeDataString(cutoff.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture))}", "created_at > @cutoff"),
            ("&taskId=walk-17", "task_id = 'walk-17'"),
        };
        using var http = world.Client(Infrastructure.TestApiKeys.Reader);

        foreach (var (query, where) in filters)
        {
            var seen = new List<long>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await GetPageAsync(http, $"/api/tasks?limit=50{query}" + (cursor is null ? "" : $"&cursor={cursor}"));
                seen.AddRange(page.GetProperty("items").EnumerateArray()
                    .Where(t => t.GetProperty("taskId").GetString()!.StartsWith("walk-", StringComparison.Ordinal))
                    .Select(t => t.GetProperty("id").GetInt64()));
                cursor = page.GetProperty("nextCursor").GetString();
                pages++;
            }
            while (cursor is not null && pages < 20);

            await using var connection = await world.OpenAsync();
            var expected = (await connection.QueryAsync<long>(
                $"SELECT id FROM clb.tasks WHERE task_id LIKE 'walk-%' AND {where} ORDER BY id DESC", new { cutoff })).ToList();
            Assert.True(expected.Count > 0, $"filter '{query}' matches no rows; the test data is wrong");
            Assert.True(expected.SequenceEqual(seen), $"filter '{query}': {seen.Count} ids over {pages} pages, expected {expected.Count}");
        }
    }

    [Fact]
    public async Task The_default_page_is_50_and_a_cursor_only_continues_the_filters_it_was_issued_for()
    {
        await FillAsync("page-");
        using var http = world.Client(Infrastructure.TestApiKeys.Reader);

        var small = await GetPageAsync(http, "/api/tasks?account=page-main&state=succeeded");
        var full = await GetPageAsync(http, "/api/tasks?account=page-main");
        var next = full.GetProperty("nextCursor").GetString()!;
        var continued = await http.GetAsync($"/api/tasks?account=page-main&cursor={next}", Ct);
        var otherFilters = await http.GetAsync($"/api/tasks?account=page-main&state=failed&cursor={next}", Ct);
        var noFilters = await http.GetAsync($"/api/tasks?cursor={next}", Ct);

        Assert.Equal(await world.CountAsync("account = 'page-main' AND state = 'succeeded'"), small.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, small.GetProperty("nextCursor").ValueKind);
        Assert.Equal(50, full.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherFilters.StatusCode);
        Assert.Contains("other filters", await otherFilters.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noFilters.StatusCode);
    }

    [Fact]
    public async Task Get_returns_one_task_by_id_and_404_names_an_unknown_id()
    {
        await FillAsync("get-");
        using var http = world.Client(Infrastructure.TestApiKeys.Reader);
        var listed = (await GetPageAsync(http, "/api/tasks?taskId=get-7")).GetProperty("items")[0];

        var one = await http.GetFromJsonAsync<JsonElement>($"/api/tasks/{listed.GetProperty("id").GetInt64()}", Ct);
        var missing = await http.GetAsync("/api/tasks/9876543210", Ct);

        Assert.Equal("get-7", one.GetProperty("taskId").GetString());
        Assert.Equal("succeeded", one.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, one.GetProperty("nextPollAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("9876543210", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task FillAsync(string prefix)
    {
        await using var connection = await world.OpenAsync();
        await connection.ExecuteAsync(FillSql, new { prefix });
    }

    private static async Task<JsonElement> GetPageAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
