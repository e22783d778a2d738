using System.Text.Json;
using ClbWorker.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClbWorker.UnitTests.Observability;

public class ReadinessResponseTests
{
    [Fact]
    public void The_body_lists_each_check_with_status_and_description_but_no_exception_or_data()
    {
        var report = new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["database"] = new(HealthStatus.Unhealthy, "Failed to connect to 127.0.0.1:5432", TimeSpan.FromMilliseconds(3),
                new InvalidOperationException("inner detail with Password=hunter2"), new Dictionary<string, object> { ["connection"] = "Password=hunter2" }),
            ["accounts"] = new(HealthStatus.Degraded, "Paused accounts: prod: credentials (AuthFailure)", TimeSpan.FromMilliseconds(2), null, null),
        }, TimeSpan.FromMilliseconds(4));

        var body = ReadinessResponse.Render(report);

        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(
            [("database", "Unhealthy", "Failed to connect to 127.0.0.1:5432"), ("accounts", "Degraded", "Paused accounts: prod: credentials (AuthFailure)")],
            json.RootElement.GetProperty("checks").EnumerateArray()
                .Select(c => (c.GetProperty("name").GetString(), c.GetProperty("status").GetString(), c.GetProperty("description").GetString())));
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
    }
}
