using ClbWorker.Benchmarks.Reporting;

namespace ClbWorker.UnitTests.Benchmarks;

public sealed class MarkdownReportTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"benchmarks-{Guid.NewGuid():N}.md");

    public void Dispose() => File.Delete(file);

    private static ScenarioResult Result(string name, double value)
    {
        var result = new ScenarioResult(name, "title", "what and where", [new Figure("f", "figure", "ms", Target.Max(10))], "abc123", DateTimeOffset.UnixEpoch);
        var run = new RunRecord();
        run.Add("f", ScenarioResult.ClbWorker, value);
        result.Runs.Add(run);
        return result;
    }

    [Fact]
    public void Sections_not_measured_again_are_kept_as_they_were_and_others_replaced()
    {
        MarkdownReport.Write(file, [Result("rate", 5), Result("lag", 7)], "a machine", ["rate", "lag", "chaos"]);
        File.AppendAllText(file, "\n<!-- section:images -->\nimage sizes\n<!-- /section:images -->\n");

        MarkdownReport.Write(file, [Result("lag", 12)], "a machine", ["rate", "lag", "chaos"]);
        var text = File.ReadAllText(file);

        Assert.Contains("| figure (ms) | 5.00 | ≤ 10.00 ms | met |", text, StringComparison.Ordinal);
        Assert.Contains("| figure (ms) | 12.00 | ≤ 10.00 ms | **gap** |", text, StringComparison.Ordinal);
        Assert.DoesNotContain("7.00", text, StringComparison.Ordinal);
        Assert.Contains("image sizes", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("scenario:rate", StringComparison.Ordinal) < text.IndexOf("scenario:lag", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_invariant_names_the_figure_and_the_values()
    {
        var result = new ScenarioResult("rate", "t", "d", [new Figure("w", "most arrivals", "requests", Target.Max(20), Invariant: true, Decimals: 0)], "c", DateTimeOffset.UnixEpoch);
        foreach (var value in new[] { 20.0, 21.0 })
        {
            var run = new RunRecord();
            run.Add("w", ScenarioResult.ClbWorker, value);
            result.Runs.Add(run);
        }

        Assert.Equal("rate: most arrivals must be ≤ 20 requests; measured 21", Assert.Single(result.BrokenInvariants()));
        Assert.Equal("BROKEN in 1 run(s)", result.Verdict(result.Figures[0]));
    }
}
