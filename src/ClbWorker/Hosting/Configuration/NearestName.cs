namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// The known names closest to a mistyped one, for "did you mean ...?". Names are compared as configuration compares
/// keys, ignoring case, and also ignoring <c>_</c>, <c>-</c> and <c>.</c>, so <c>requests_per_second</c> finds
/// <c>RequestsPerSecond</c>. The distance counts inserted, deleted, replaced and swapped neighbouring letters.
/// </summary>
public static class NearestName
{
    /// <summary>The candidates nearest to <paramref name="name"/>, alphabetically when tied; empty when none is near enough.</summary>
    public static IReadOnlyList<string> Among(string name, IEnumerable<string> candidates, int? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var allowed = tolerance ?? Tolerance(name);
        var scored = candidates
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(candidate => (Candidate: candidate, Distance: Distance(name, candidate)))
            .Where(c => c.Distance <= allowed)
            .ToList();
        if (scored.Count == 0)
            return [];
        var best = scored.Min(c => c.Distance);
        return [.. scored.Where(c => c.Distance == best).Select(c => c.Candidate).Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// How many edits a name of this length may be away from a suggestion: 1 up to 4 letters, 2 up to 9, 3 beyond.
    /// More would suggest unrelated keys (<c>Key</c> for <c>Url</c>).
    /// </summary>
    public static int Tolerance(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Normalize(name).Length switch
        {
            <= 4 => 1,
            <= 9 => 2,
            _ => 3,
        };
    }

    /// <summary>Edits from one name to the other (optimal string alignment distance), after <see cref="Normalize"/>.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        string s = Normalize(a), t = Normalize(b);
        // Three rows suffice: a swap looks back two rows.
        var previous2 = new int[t.Length + 1];
        var previous = new int[t.Length + 1];
        var current = new int[t.Length + 1];
        for (var j = 0; j <= t.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= s.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= t.Length; j++)
            {
                var cost = s[i - 1] == t[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1])
                    current[j] = Math.Min(current[j], previous2[j - 2] + 1);
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[t.Length];
    }

    private static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or '.')).Select(char.ToLowerInvariant));
}
