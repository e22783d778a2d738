namespace ClbWorker.Hosting.Configuration;

/// <summary>The known keys a user probably meant by an unknown one: "did you mean Tencent:RequestsPerSecond?".</summary>
public static class KeySuggestions
{
    private const int MaxSuggestions = 3;

    /// <summary>
    /// First a near name at the same level (<c>Tencent:RequestPerSecond</c>: <c>Tencent:RequestsPerSecond</c>); else
    /// the same name elsewhere (<c>Polling:RequestsPerSecond</c>: <c>Tencent:RequestsPerSecond</c>). A section name
    /// must be one slip away. Empty when nothing is near.
    /// </summary>
    /// <param name="withRest">Keep the segments after the unknown one (<c>Tencent:Acounts:prod:SecretId</c>:
    /// <c>Tencent:Accounts:prod:SecretId</c>); without, suggest for the unknown prefix alone.</param>
    public static IReadOnlyList<string> For(ConfigurationSchema schema, KeyLookup lookup, bool withRest)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(lookup);
        if (lookup.IsKnown || lookup.Deepest.Kind != SettingKind.Section)
            return [];
        var at = lookup.KnownSegments;
        var known = lookup.Segments.Take(at).ToList();
        var rest = withRest ? lookup.Segments.Skip(at + 1).ToList() : [];
        var name = lookup.Segments[at];
        // Tencent:SecretKye_FILE: the key is Tencent:SecretKye, the suffix says it comes from a file (and only in capitals).
        var suffix = rest.Count == 0 && name.EndsWith(SecretFileVariables.Suffix, StringComparison.OrdinalIgnoreCase)
            && name.Length > SecretFileVariables.Suffix.Length ? SecretFileVariables.Suffix : "";
        name = name[..^suffix.Length];

        // Never the key itself (Tencent:Credentials_FILE is unknown because Tencent:Credentials holds keys, not a value);
        // keys compare ignoring case, the suffix does not.
        var typed = string.Join(':', lookup.Segments.Take(at + 1).Concat(rest));
        var itself = suffix.Length == 0 || typed.EndsWith(suffix, StringComparison.Ordinal);
        return [.. Candidates(schema, lookup.Deepest, known, name, suffix, rest)
            .Where(key => !(itself && string.Equals(key, typed, StringComparison.OrdinalIgnoreCase)))
            .Take(MaxSuggestions)];
    }

    private static IEnumerable<string> Candidates(
        ConfigurationSchema schema, SettingNode parent, List<string> known, string name, string suffix, List<string> rest)
    {
        var at = known.Count;
        var near = NearestName.Among(name, parent.Children.Keys, at == 0 ? 1 : null);
        if (near.Count > 0)
            return near.Select(match => Complete(schema, [.. known, match + suffix], rest));
        if (at == 0)
            return [];

        var elsewhere = schema.Paths()
            .Where(path => !path.EndsWith('>'))
            .Select(path => (Path: path, Distance: NearestName.Distance(name, path[(path.LastIndexOf(':') + 1)..])))
            .Where(c => c.Distance <= NearestName.Tolerance(name))
            .ToList();
        if (elsewhere.Count == 0)
            return [];
        // The nearest names, and of those the shallowest keys: Tencent:RequestsPerSecond before Tencent:Accounts:<name>:RequestsPerSecond.
        var best = elsewhere.Min(c => (c.Distance * 100) + Depth(c.Path));
        return elsewhere.Where(c => (c.Distance * 100) + Depth(c.Path) == best).Select(c => c.Path).Order(StringComparer.Ordinal)
            .Select(path => string.Join(':', [path + suffix, .. rest]));
    }

    // The whole key when the rest fits under the corrected segment, else the corrected part alone.
    private static string Complete(ConfigurationSchema schema, List<string> corrected, List<string> rest)
    {
        var whole = string.Join(':', corrected.Concat(rest));
        return rest.Count == 0 || schema.Find(whole).IsKnown ? whole : string.Join(':', corrected);
    }

    private static int Depth(string path) => path.Count(c => c == ':');
}
