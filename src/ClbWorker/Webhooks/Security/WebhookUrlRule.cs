using System.Text.RegularExpressions;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// The one rule a webhook URL (a task's <c>callback_url</c>, an endpoint's URL) must follow, word for word the same
/// in the database (<c>clb.is_usable_webhook_url</c>, migration 0013, which holds <see cref="Pattern"/> verbatim) and
/// here, so that whatever one accepts the other accepts: <c>http://</c> or <c>https://</c> (any case); a host name
/// (labels of letters, digits, '-', '_' that start with a letter or digit, the last one with a letter), a dotted IPv4
/// address or a bracketed IPv6 address; an optional port 1-65535; then an optional path and query of printable ASCII
/// without spaces and without a fragment; at most <see cref="MaxLength"/> characters. No user info
/// (<c>user:password@</c>). Whatever passes also parses as a <see cref="Uri"/>. Whether the host may be reached is
/// decided later, on the address (<see cref="SsrfAddressPolicy"/>).
/// </summary>
public static partial class WebhookUrlRule
{
    public const int MaxLength = 2048;

    private const string Octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private const string IPv4 = $"(?:{Octet}\\.){{3}}{Octet}";
    private const string H16 = "[0-9A-Fa-f]{1,4}";
    private const string Ls32 = $"(?:{H16}:{H16}|{IPv4})";
    // RFC 3986 section 3.2.2, without zone identifiers.
    private const string IPv6 =
        $"(?:(?:{H16}:){{6}}{Ls32}" +
        $"|::(?:{H16}:){{5}}{Ls32}" +
        $"|(?:{H16})?::(?:{H16}:){{4}}{Ls32}" +
        $"|(?:(?:{H16}:){{0,1}}{H16})?::(?:{H16}:){{3}}{Ls32}" +
        $"|(?:(?:{H16}:){{0,2}}{H16})?::(?:{H16}:){{2}}{Ls32}" +
        $"|(?:(?:{H16}:){{0,3}}{H16})?::{H16}:{Ls32}" +
        $"|(?:(?:{H16}:){{0,4}}{H16})?::{Ls32}" +
        $"|(?:(?:{H16}:){{0,5}}{H16})?::{H16}" +
        $"|(?:(?:{H16}:){{0,6}}{H16})?::)";
    // Labels of letters, digits, '-' and '_' (as container and service names use them) starting with a letter or digit;
    // the last one with a letter, so that what looks like an IPv4 address is judged as one.
    private const string HostName = "(?:[A-Za-z0-9][A-Za-z0-9_-]*\\.)*[0-9]*[A-Za-z][A-Za-z0-9_-]*";
    private const string Port = "(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?";
    // Printable ASCII (! to ~) except '#'.
    private const string PathAndQuery = "(?:[/?][!-\"$-~]*)?";

    /// <summary>The rule without its anchors, as the migration holds it; each side anchors it its own way.</summary>
    public const string Pattern = $"[Hh][Tt][Tt][Pp][Ss]?://(?:{HostName}|{IPv4}|\\[{IPv6}\\]){Port}{PathAndQuery}";

    /// <summary>What is allowed, for error messages.</summary>
    public const string Allowed =
        "an absolute http:// or https:// URL with a host name or IP address, an optional port 1-65535, " +
        "no user info and no fragment, in printable ASCII (percent-encode anything else), at most 2048 characters";

    public static bool IsValid(string? url) => url is not null && url.Length <= MaxLength && Full().IsMatch(url);

    /// <returns>Null when <paramref name="url"/> follows the rule; otherwise what is wrong with it (never the URL itself).</returns>
    public static string? Check(string? url)
    {
        if (IsValid(url))
            return null;
        if (string.IsNullOrEmpty(url))
            return "the URL is empty";
        if (url.Length > MaxLength)
            return $"the URL is {url.Length} characters long; at most {MaxLength} are allowed";
        if (!Scheme().IsMatch(url))
        {
            return AnyScheme().Match(url) is { Success: true } scheme && !url.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
                && !url.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
                ? $"the URL's scheme is '{scheme.Groups[1].Value}'; only http and https are allowed"
                : "the URL is not an absolute http:// or https:// URL";
        }
        if (url.Any(c => c is < '!' or > '~'))
        {
            return "the URL contains whitespace, control characters or characters outside ASCII; write the host in its ASCII "
                + "(xn--) form and percent-encode the rest";
        }
        var authority = Authority(url);
        if (authority.Contains('@', StringComparison.Ordinal))
            return "the URL contains user info (user:password@); receivers authenticate by the signature instead";
        if (url.Contains('#', StringComparison.Ordinal))
            return "the URL has a fragment (#...), which is never sent";
        if (PortPart().Match(authority) is { Success: true } port && !PortOnly().IsMatch(port.Value))
            return $"the URL's port '{port.Value[1..]}' is not a number from 1 to 65535";
        return "the URL's host is not a host name, a dotted IPv4 address or a bracketed IPv6 address";
    }

    private static string Authority(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal) + 2;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? url[start..] : url[start..end];
    }

    // \z, not $: .NET's $ also matches before a final newline, PostgreSQL's does not.
    [GeneratedRegex($"^(?:{Pattern})\\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Full();

    [GeneratedRegex("^[Hh][Tt][Tt][Pp][Ss]?://", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]{0,20}):", RegexOptions.CultureInvariant)]
    private static partial Regex AnyScheme();

    [GeneratedRegex(@":[^:\]]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PortPart();

    [GeneratedRegex("^:(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PortOnly();
}
