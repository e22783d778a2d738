using System.Text.RegularExpressions;

namespace ClbWorker.Tencent;

/// <summary>
/// The CLB regions the worker knows: the built-in list below, or the <c>Tencent:Regions</c> list when one
/// is configured (Tencent adds regions; a configuration change should not need a release).
/// </summary>
public sealed partial class ClbRegions
{
    /// <summary>CLB regions per Tencent's documentation; the two <c>-fsi</c> ones are isolated financial regions.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } =
    [
        "ap-guangzhou", "ap-shanghai", "ap-nanjing", "ap-beijing", "ap-chengdu", "ap-chongqing",
        "ap-hongkong", "ap-singapore", "ap-jakarta", "ap-bangkok", "ap-seoul", "ap-tokyo",
        "na-ashburn", "na-siliconvalley", "sa-saopaulo", "eu-frankfurt",
        "ap-shanghai-fsi", "ap-shenzhen-fsi",
    ];

    private readonly HashSet<string> _known;

    public ClbRegions(IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        Known = [.. known.Distinct(StringComparer.Ordinal)];
        _known = new HashSet<string>(Known, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Known { get; }

    public bool IsKnown(string region) => _known.Contains(region);

    public static ClbRegions FromOptions(TencentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ClbRegions(options.Regions.Count == 0 ? BuiltIn : options.Regions);
    }

    /// <summary>
    /// Shape of a region name, e.g. <c>ap-guangzhou</c> or <c>ap-shenzhen-fsi</c>. Checked before a region
    /// becomes part of a host name, so it also keeps arbitrary text out of the request URL.
    /// </summary>
    public static bool IsWellFormed(string? region) => region is not null && RegionShape().IsMatch(region);

    /// <summary>Financial regions are isolated: only their own domain serves them.</summary>
    public static bool IsFinancial(string region) =>
        region is not null && region.EndsWith("-fsi", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z]{2}-[a-z]+(-fsi)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionShape();
}
