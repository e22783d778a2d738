using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;

namespace ClbWorker.IntegrationTests.Api;

public sealed class TaskCreateRouteTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enqueueing_answers_201_with_the_task_and_the_same_task_again_answers_200_with_the_same_row()
    {
        using var http = world.Client();
        var body = new { taskId = "create-1", region = "ap-guangzhou", deadline = "PT30M", metadata = new { change = "add listener 443" } };

        var first = await http.PostAsJsonAsync("/api/tasks", body, Ct);
        var again = await http.PostAsJsonAsync("/api/tasks", new { taskId = "create-1", region = "ap-guangzhou", account = "DEFAULT" }, Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"/api/tasks/{id}", first.Headers.Location?.ToString());
        Assert.Equal("default", created.GetProperty("account").GetString());
        Assert.Equal("add listener 443", created.GetProperty("metadata").GetProperty("change").GetString());
        var deadline = created.GetProperty("deadlineAt").GetDateTimeOffset();
        Assert.InRange(deadline - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var existing = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(id, existing.GetProperty("id").GetInt64());
        Assert.Equal(deadline, existing.GetProperty("deadlineAt").GetDateTimeOffset()); // never changed by a repeat
        Assert.Equal(1, await world.CountAsync("task_id = 'create-1'"));
    }

    [Fact]
    public async Task Concurrent_requests_for_the_same_task_create_one_row_and_all_answer_with_it()
    {
        using var http = world.Client();
        var batch = new { tasks = Enumerable.Range(0, 50).Select(n => new { taskId = $"race-{n}", region = "ap-guangzhou" }) };

        var singles = Enumerable.Range(0, 8).Select(_ => http.PostAsJsonAsync("/api/tasks", new { taskId = "race-7", region = "ap-guangzhou" }, Ct));
        var batches = Enumerable.Range(0, 4).Select(_ => http.PostAsJsonAsync("/api/tasks/batch", batch, Ct));
        var responses = await Task.WhenAll(singles.Concat(batches));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var singleIds = await Task.WhenAll(responses.Take(8).Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64()));
        var batchItems = (await Task.WhenAll(responses.Skip(8).Select(r => r.Content.ReadFromJsonAsync<JsonElement>(Ct))))
            .SelectMany(b => b.GetProperty("items").EnumerateArray()).ToList();
        Assert.Single(singleIds.Distinct());
        Assert.Equal(singleIds[0], batchItems.First(i => i.GetProperty("task").GetProperty("taskId").GetString() == "race-7").GetProperty("task").GetProperty("id").GetInt64());
        var created = responses.Take(8).Count(r => r.StatusCode == HttpStatusCode.Created)
            + batchItems.Count(i => i.GetProperty("result").GetString() == "created" && i.GetProperty("task").GetProperty("taskId").GetString() == "race-7");
        Assert.Equal(1, created);
        Assert.Equal(50, batchItems.Count(i => i.GetProperty("result").GetString() == "created")
            + responses.Take(8).Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(50, await world.CountAsync("task_id LIKE 'race-%'"));
    }

    [Fact]
    public async Task A_batch_answers_each_item_in_order_and_bad_items_do_not_block_good_ones()
    {
        using var http = world.Client();
        await http.PostAsJsonAsync("/api/tasks", new { taskId = "batch-old", region = "ap-guangzhou" }, Ct);
        using var content = JsonContent("""
            {"tasks": [
              {"taskId": "batch-new-1", "region": "ap-guangzhou"},
              {"taskId": 42, "region": "ap-guangzhou"},
              {"taskId": "batch-old", "region": "ap-guangzhou"},
              {"taskId": "batch-new-2", "region": "xx-nowhere"},
              {"taskId": "batch-new-1", "region": "ap-guangzhou"},
              "not an object",
              {"taskId": "batch-new-3", "region": "ap-shanghai", "callbackUrl": "http://10.0.0.1/hook"},
              {"taskId": "batch-new-4", "region": "ap-shanghai", "deadline": "P1D", "metadata": {"n": 4}}
            ]}
            """);

        var response = await http.PostAsync("/api/tasks/batch", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            ["created", "rejected", "existing", "rejected", "existing", "rejected", "rejected", "created"],
            items.Select(i => i.GetProperty("result").GetString()));
        Assert.Equal(Enumerable.Range(0, 8), items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal((2, 2, 4), (result.GetProperty("created").GetInt32(), result.GetProperty("existing").GetInt32(), result.GetProperty("rejected").GetInt32()));
        Assert.Equal(items[0].GetProperty("task").GetProperty("id").GetInt64(), items[4].GetProperty("task").GetProperty("id").GetInt64());
        Assert.True(items[1].GetProperty("errors").TryGetProperty("taskId", out _));
        Assert.True(items[3].GetProperty("errors").TryGetProperty("region", out _));
        Assert.Contains("10.0.0.1", items[6].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await world.CountAsync("task_id = 'batch-new-1'"));
        Assert.Equal(0, await world.CountAsync("task_id IN ('batch-new-2', 'batch-new-3')"));
        Assert.Equal(1, await world.CountAsync("task_id = 'batch-new-4' AND region = 'ap-shanghai' AND metadata = '{\"n\": 4}'"));
    }

    [Fact]
    public async Task A_batch_of_1000_goes_in_in_one_call_and_1001_are_refused_with_nothing_written()
    {
        using var http = world.Client();
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var tasks = Enumerable.Range(0, 1000).Select(n => new { taskId = $"bulk-{run}-{n:D4}", region = "ap-guangzhou", metadata = new { n } });
            var clock = Stopwatch.StartNew();
            var response = await http.PostAsJsonAsync("/api/tasks/batch", new { tasks }, Ct);
            clock.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1000, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("created").GetInt32());
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"POST /api/tasks/batch with 1,000 new tasks, 5 runs: median {times[2]:F0} ms (runs sorted: {string.Join(", ", times.Select(t => $"{t:F0}"))} ms)");

        var tooMany = Enumerable.Range(0, 1001).Select(n => new { taskId = $"bulk-over-{n:D4}", region = "ap-guangzhou" });
        var refused = await http.PostAsJsonAsync("/api/tasks/batch", new { tasks = tooMany }, Ct);

        Assert.Equal(5000, await world.CountAsync("task_id LIKE 'bulk-%'"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("1001", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("tasks")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await world.CountAsync("task_id LIKE 'bulk-over-%'"));
    }

    [Fact]
    public async Task Write_routes_answer_401_without_a_key_and_403_to_a_reader_and_write_nothing()
    {
        await using (var connection = await world.OpenAsync())
            await connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region, next_poll_at) VALUES ('auth-write', 'ap-guangzhou', now() + interval '1 hour')");
        var id = await FirstIdAsync("auth-write");
        var writes = new (string Path, string Body)[]
        {
            ("/api/tasks", """{"taskId": "auth-new", "region": "ap-guangzhou"}"""),
            ("/api/tasks/batch", """{"tasks": [{"taskId": "auth-new", "region": "ap-guangzhou"}]}"""),
            ($"/api/tasks/{id}/cancel", ""),
            ($"/api/tasks/{id}/poll", ""),
        };

        foreach (var (key, expected) in new[] { ((string?)null, HttpStatusCode.Unauthorized), ("not-a-configured-key-0123456789", HttpStatusCode.Unauthorized), (TestApiKeys.Reader, HttpStatusCode.Forbidden) })
        {
            using var http = world.Client(key);
            foreach (var (path, body) in writes)
            {
                using var content = JsonContent(body);
                var response = await http.PostAsync(path, content, Ct);
                Assert.True(expected == response.StatusCode, $"POST {path} with key {key ?? "(none)"}: {response.StatusCode}, expected {expected}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                if (key is null)
                    Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
                if (key is not null)
                    Assert.DoesNotContain(key, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }
        using var reader = world.Client(TestApiKeys.Reader);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/tasks/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/tasks?taskId=auth-write", Ct)).StatusCode);
        using var anonymous = world.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tasks", Ct)).StatusCode);
        Assert.Equal(0, await world.CountAsync("task_id = 'auth-new'"));
        Assert.Equal(1, await world.CountAsync("task_id = 'auth-write' AND state = 'pending' AND next_poll_at > now() + interval '50 minutes'"));
    }

    private async Task<long> FirstIdAsync(string taskId)
    {
        await using var connection = await world.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM clb.tasks WHERE task_id = @taskId", new { taskId });
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
