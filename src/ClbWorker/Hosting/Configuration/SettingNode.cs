namespace ClbWorker.Hosting.Configuration;

/// <summary>One key of the configuration tree ClbWorker reads, with what may sit below it.</summary>
public sealed class SettingNode
{
    private readonly Dictionary<string, SettingNode> children = new(StringComparer.OrdinalIgnoreCase);

    private SettingNode(SettingKind kind, Type? valueType = null, object? defaultValue = null, SettingNode? entry = null)
    {
        Kind = kind;
        ValueType = valueType;
        Default = defaultValue;
        Entry = entry;
    }

    public SettingKind Kind { get; }

    /// <summary>For a value: the type its text is converted to; <see cref="string"/> takes any text.</summary>
    public Type? ValueType { get; }

    /// <summary>For a value: what it is when not configured, if its options class says; shown in messages.</summary>
    public object? Default { get; }

    /// <summary>For a dictionary or a list: the shape of each entry.</summary>
    public SettingNode? Entry { get; }

    /// <summary>For a section: its keys, compared case-insensitively like all configuration keys.</summary>
    public IReadOnlyDictionary<string, SettingNode> Children => children;

    public static SettingNode Value(Type type, object? defaultValue = null) => new(SettingKind.Value, type, defaultValue);

    public static SettingNode Section() => new(SettingKind.Section);

    public static SettingNode Dictionary(SettingNode entry) => new(SettingKind.Dictionary, entry: entry);

    public static SettingNode List(SettingNode entry) => new(SettingKind.List, entry: entry);

    /// <summary>The child <paramref name="name"/> of a section, created as <paramref name="node"/> if missing.</summary>
    internal SettingNode Add(string name, SettingNode node)
    {
        if (Kind != SettingKind.Section)
            throw new InvalidOperationException($"Only a section has named keys; this is a {Kind}.");
        return children.TryGetValue(name, out var existing) ? existing : children[name] = node;
    }

    /// <summary>What sits under <paramref name="segment"/> here; null when nothing may.</summary>
    public SettingNode? Below(string segment) => Kind switch
    {
        SettingKind.Section => children.GetValueOrDefault(segment),
        // The binder adds every child of a list in key order whatever its name, as it does for a dictionary.
        SettingKind.Dictionary or SettingKind.List => Entry,
        _ => null,
    };
}
