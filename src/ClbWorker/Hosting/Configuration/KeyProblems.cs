namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// The configured keys of ClbWorker's sections that it would ignore (misspelt, misplaced) or fail to convert, each as
/// one message that names the key, its value unless secret, where it was set, and what to write instead.
/// </summary>
public static class KeyProblems
{
    // A misspelt section is only recognised for long names, one slip away: short ones such as Api are too close to the
    // variables of other programs that share the environment.
    private const int MinSectionLengthForSlips = 6;

    private const int MaxKeysListed = 3;

    public static IReadOnlyList<string> Find(IConfiguration configuration, ConfigurationSchema schema)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(schema);
        var sections = schema.Sections.ToHashSet(StringComparer.OrdinalIgnoreCase);
        sections.UnionWith(MisspeltSections(configuration, sections));

        var problems = new List<string>();
        var unknownSections = new Dictionary<string, (KeyLookup Lookup, List<string> Keys)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable().OrderBy(pair => pair.Key, ConfigurationKeyComparer.Instance))
        {
            if (value is null || !sections.Contains(key.Split(':')[0]))
                continue;
            var lookup = schema.Find(key);
            if (lookup.IsKnown)
            {
                if (KnownKeyProblem(configuration, key, value, lookup) is { } problem)
                    problems.Add(problem);
            }
            else if (!IsSecretFileKey(configuration, schema, key))
            {
                if (lookup.UnknownPrefix.Length == key.Length)
                    problems.Add(UnknownKey(configuration, schema, key, value, lookup));
                else if (unknownSections.TryGetValue(lookup.UnknownPrefix, out var known))
                    known.Keys.Add(key);
                else
                    unknownSections[lookup.UnknownPrefix] = (lookup, [key]);
            }
        }
        problems.AddRange(unknownSections.Select(entry => UnknownSection(configuration, schema, entry.Key, entry.Value.Lookup, entry.Value.Keys)));
        return [.. problems.Order(StringComparer.OrdinalIgnoreCase)];
    }

    private static string? KnownKeyProblem(IConfiguration configuration, string key, string value, KeyLookup lookup)
    {
        var node = lookup.Deepest;
        if (node.Kind != SettingKind.Value)
        {
            // A section's own name may be a variable of another program (DATABASE=...): only deeper ones are ours.
            if (value.Length == 0 || lookup.Segments.Count < 2)
                return null;
            var example = node.Kind switch
            {
                SettingKind.List => $"{key}:0{FirstKey(node.Entry!)}",
                SettingKind.Dictionary => $"{key}:<name>{FirstKey(node.Entry!)}",
                _ => key + FirstKey(node),
            };
            return $"{key} is {ValueText.Shown(key, value)}{From(configuration, key)}, but it holds keys of its own, not a value; "
                + $"set them instead, e.g. {example}.";
        }
        if (node.ValueType is not { } type || type == typeof(string) || type == typeof(object))
            return null;
        try
        {
            // The binder's own conversion, so that what passes here binds later.
            _ = configuration.GetValue(type, key);
            return null;
        }
        catch (InvalidOperationException)
        {
            return $"{key} is {ValueText.Shown(key, value)}{From(configuration, key)}, which is not {ValueText.Noun(type)}; "
                + $"allowed: {ValueText.Allowed(type, node.Default)}.";
        }
    }

    // Tencent:SecretKey_FILE names the file that sets Tencent:SecretKey; for an unknown key, the value read from the
    // file is left to the message about its variable.
    private static bool IsSecretFileKey(IConfiguration configuration, ConfigurationSchema schema, string key)
    {
        if (configuration[key + SecretFileVariables.Suffix] is not null)
            return true;
        return key.EndsWith(SecretFileVariables.Suffix, StringComparison.Ordinal)
            && schema.Find(key[..^SecretFileVariables.Suffix.Length]) is { IsKnown: true, Deepest.Kind: SettingKind.Value };
    }

    private static string UnknownKey(IConfiguration configuration, ConfigurationSchema schema, string key, string value, KeyLookup lookup)
    {
        var suggestions = KeySuggestions.For(schema, lookup, withRest: true);
        var hidden = SecretNames.IsSecret(key) || suggestions.Any(SecretNames.IsSecret);
        var shown = hidden ? "(hidden)" : ValueText.Shown(key, value);
        var origin = SettingOrigin.Of(configuration, key);
        var where = origin is null ? $"value {shown}" : $"{origin}, value {shown}";
        return $"{key} is not a ClbWorker setting ({where}); {Hint(lookup, suggestions, origin)}";
    }

    private static string UnknownSection(IConfiguration configuration, ConfigurationSchema schema, string prefix, KeyLookup lookup, List<string> keys)
    {
        var listed = keys.Take(MaxKeysListed).Select(key =>
            SettingOrigin.Of(configuration, key) is { IsEnvironmentVariable: true } ? SettingOrigin.EnvironmentForm(key) : key);
        var more = keys.Count > MaxKeysListed ? $" and {keys.Count - MaxKeysListed} more" : "";
        var origin = SettingOrigin.Of(configuration, keys[0]);
        return $"{prefix} is not a ClbWorker setting (set below it: {string.Join(", ", listed)}{more}); "
            + Hint(lookup, KeySuggestions.For(schema, lookup, withRest: false), origin);
    }

    private static string Hint(KeyLookup lookup, IReadOnlyList<string> suggestions, SettingOrigin? origin)
    {
        if (suggestions.Count > 0)
        {
            return "did you mean " + string.Join(" or ", suggestions.Select(s => origin is { IsEnvironmentVariable: true } && s.Contains(':', StringComparison.Ordinal)
                ? $"{s} ({SettingOrigin.EnvironmentForm(s)})" : s)) + "?";
        }
        var parent = string.Join(':', lookup.Segments.Take(lookup.KnownSegments));
        return lookup.Deepest.Kind == SettingKind.Value
            ? $"{parent} takes a value of its own, with no keys below it."
            : $"the keys of {parent} are {string.Join(", ", lookup.Deepest.Children.Keys.Order(StringComparer.Ordinal))}.";
    }

    private static string FirstKey(SettingNode node) =>
        node.Kind == SettingKind.Section && node.Children.Keys.Order(StringComparer.Ordinal).FirstOrDefault() is { } first ? ":" + first : "";

    private static string From(IConfiguration configuration, string key) =>
        SettingOrigin.Of(configuration, key) is { } origin ? $" ({origin})" : "";

    private static List<string> MisspeltSections(IConfiguration configuration, HashSet<string> sections)
    {
        var longNames = sections.Where(s => s.Length >= MinSectionLengthForSlips).ToList();
        return configuration.GetChildren()
            .Where(child => !sections.Contains(child.Key) && child.GetChildren().Any())
            .Where(child => NearestName.Among(child.Key, longNames, tolerance: 1).Count > 0)
            .Select(child => child.Key)
            .ToList();
    }
}
