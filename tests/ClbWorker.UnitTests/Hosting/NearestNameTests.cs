using ClbWorker.Hosting.Configuration;

namespace ClbWorker.UnitTests.Hosting;

public sealed class NearestNameTests
{
    [Theory]
    [InlineData("RequestsPerSecond", "RequestsPerSecond", 0)]
    [InlineData("RequestPerSecond", "RequestsPerSecond", 1)]
    [InlineData("requestspersecond", "RequestsPerSecond", 0)]
    [InlineData("requests_per_second", "RequestsPerSecond", 0)]
    [InlineData("Tencnet", "Tencent", 1)]
    [InlineData("Timout", "Timeout", 1)]
    [InlineData("Url", "Key", 3)]
    [InlineData("", "Key", 3)]
    public void Distance_counts_edits_ignoring_case_and_separators_and_a_swap_is_one(string typed, string known, int expected) =>
        Assert.Equal(expected, NearestName.Distance(typed, known));

    [Fact]
    public void A_missing_letter_finds_the_key_it_belongs_to()
    {
        var nearest = NearestName.Among("RequestPerSecond", ["SecretId", "SecretKey", "RequestsPerSecond", "Timeout", "Endpoint"]);

        Assert.Equal(["RequestsPerSecond"], nearest);
    }

    [Fact]
    public void Names_too_far_from_every_candidate_find_nothing()
    {
        Assert.Empty(NearestName.Among("Retries", ["Timeout", "BatchSize", "Jitter"]));
        Assert.Empty(NearestName.Among("Url", ["Key", "Role"]));
    }

    [Fact]
    public void Equally_near_candidates_all_come_back_alphabetically()
    {
        var nearest = NearestName.Among("SecretKe", ["SecretKey", "SecretId", "Token", "SecretKex"]);

        Assert.Equal(["SecretKex", "SecretKey"], nearest);
    }

    [Fact]
    public void A_given_tolerance_replaces_the_one_by_length()
    {
        Assert.Equal(["Polling"], NearestName.Among("Poling", ["Polling"], tolerance: 1));
        Assert.Empty(NearestName.Among("Pollnig2", ["Polling"], tolerance: 1));
    }

    [Theory]
    [InlineData("Key", 1)]
    [InlineData("Timeout", 2)]
    [InlineData("RequestsPerSecond", 3)]
    public void Short_names_tolerate_fewer_edits(string name, int expected) => Assert.Equal(expected, NearestName.Tolerance(name));
}
