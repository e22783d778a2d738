using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>One answer of <c>/readyz</c>: the HTTP status, the overall health and each check, and how long it took.</summary>
public sealed record Readiness(HttpStatusCode Code, string Status, IReadOnlyDictionary<string, (string Status, string? Description)> Checks, TimeSpan Elapsed, string Body)
{
    public static async Task<Readiness> ReadAsync(HttpClient http)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        watch.Stop();
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("description").GetString()));
        return new Readiness(response.StatusCode, json.RootElement.GetProperty("status").GetString()!, checks, watch.Elapsed, body);
    }

    public override string ToString() => $"{(int)Code} in {Elapsed.TotalMilliseconds:0} ms: {Body}";
}
