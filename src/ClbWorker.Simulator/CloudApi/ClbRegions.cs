namespace ClbWorker.Simulator.CloudApi;

/// <summary>The regions X-TC-Region may name, from configuration or the built-in CLB list.</summary>
internal sealed class ClbRegions
{
    /// <summary>CLB regions from Tencent's public region list (financial regions end in <c>-fsi</c>), older names included.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        "ap-guangzhou", "ap-shanghai", "ap-nanjing", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-hongkong",
        "ap-singapore", "ap-jakarta", "ap-bangkok", "ap-seoul", "ap-tokyo", "na-ashburn", "na-siliconvalley",
        "sa-saopaulo", "eu-frankfurt", "ap-shanghai-fsi", "ap-shenzhen-fsi",
        "ap-mumbai", "na-toronto", "eu-moscow", "ap-guangzhou-open",
    ];

    private readonly HashSet<string> _accepted;

    public ClbRegions(IEnumerable<string> configured)
    {
        _accepted = new HashSet<string>(configured, StringComparer.Ordinal);
        if (_accepted.Count == 0)
            _accepted.UnionWith(Known);
    }

    public bool Contains(string region) => _accepted.Contains(region);
}
