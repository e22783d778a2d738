using ClbWorker.Tencent;

namespace ClbWorker.UnitTests.Tencent;

public class ClbRegionsTests
{
    [Fact]
    public void Built_in_list_holds_the_documented_regions_including_both_financial_ones()
    {
        Assert.Equal(18, ClbRegions.BuiltIn.Count);
        Assert.Contains("ap-guangzhou", ClbRegions.BuiltIn);
        Assert.Contains("eu-frankfurt", ClbRegions.BuiltIn);
        Assert.Equal(["ap-shanghai-fsi", "ap-shenzhen-fsi"], ClbRegions.BuiltIn.Where(ClbRegions.IsFinancial));
    }

    [Fact]
    public void Every_built_in_region_is_well_formed() =>
        Assert.All(ClbRegions.BuiltIn, region => Assert.True(ClbRegions.IsWellFormed(region), region));

    [Theory]
    [InlineData("ap-guangzhou", true)]
    [InlineData("na-siliconvalley", true)]
    [InlineData("ap-shenzhen-fsi", true)]
    [InlineData("ap-guangzhou-open", false)]
    [InlineData("Ap-guangzhou", false)]
    [InlineData("ap-guangzhou ", false)]
    [InlineData("apx-guangzhou", false)]
    [InlineData("ap-", false)]
    [InlineData("ap-shenzhen-fsi-fsi", false)]
    [InlineData("ap-guang2hou", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Well_formed_means_two_letters_a_dash_a_name_and_an_optional_fsi_suffix(string? region, bool expected) =>
        Assert.Equal(expected, ClbRegions.IsWellFormed(region));

    [Fact]
    public void Without_configured_regions_the_built_in_list_is_known()
    {
        var regions = ClbRegions.FromOptions(new TencentOptions());

        Assert.Equal(ClbRegions.BuiltIn, regions.Known);
        Assert.True(regions.IsKnown("ap-tokyo"));
    }

    [Fact]
    public void Configured_regions_replace_the_built_in_list()
    {
        var options = new TencentOptions();
        options.Regions.Add("ap-newcity");
        options.Regions.Add("ap-newcity");

        var regions = ClbRegions.FromOptions(options);

        Assert.Equal(["ap-newcity"], regions.Known);
        Assert.False(regions.IsKnown("ap-guangzhou"));
    }
}
