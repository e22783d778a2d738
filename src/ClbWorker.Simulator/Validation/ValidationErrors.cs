namespace ClbWorker.Simulator.Validation;

/// <summary>Problems found in one piece of input, by the key (configuration path or JSON field) that holds them.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _byKey = new(StringComparer.Ordinal);

    public bool IsEmpty => _byKey.Count == 0;

    /// <summary>Records "<paramref name="key"/> <paramref name="problem"/>." unless the problem is null.</summary>
    public void Add(string key, string? problem)
    {
        if (problem is null)
            return;
        if (!_byKey.TryGetValue(key, out var list))
            _byKey[key] = list = [];
        list.Add($"{key} {problem}.");
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _byKey.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public IEnumerable<string> Messages => _byKey.Values.SelectMany(list => list);

    public override string ToString() => string.Join(" ", Messages);
}
