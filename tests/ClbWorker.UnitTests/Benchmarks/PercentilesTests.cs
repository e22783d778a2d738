using ClbWorker.Benchmarks.Reporting;

namespace ClbWorker.UnitTests.Benchmarks;

public sealed class PercentilesTests
{
    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var sorted = Percentiles.Sorted(Enumerable.Range(1, 100).Select(i => (double)i));

        Assert.Equal(50, Percentiles.Of(sorted, 50));
        Assert.Equal(99, Percentiles.Of(sorted, 99));
        Assert.Equal(100, Percentiles.Of(sorted, 100));
        Assert.True(double.IsNaN(Percentiles.Of([], 50)));
    }
}
