namespace ClbWorker.UnitTests.Deployment;

/// <summary>One level of an application's configuration keys, as the configuration binder reads them.</summary>
internal sealed class SettingNode
{
    private SettingNode(SettingKind kind) => Kind = kind;

    public SettingKind Kind { get; }

    /// <summary>For a section: its keys, compared case-insensitively like configuration keys.</summary>
    public Dictionary<string, SettingNode> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>For a dictionary (any key) or a list (0, 1, ...): what each entry holds.</summary>
    public SettingNode? Entry { get; private init; }

    public static SettingNode Value { get; } = new(SettingKind.Value);

    /// <summary>Anything below is accepted: framework sections such as <c>Logging</c> whose keys are open-ended.</summary>
    public static SettingNode Open { get; } = new(SettingKind.Open);

    public static SettingNode Section() => new(SettingKind.Section);

    public static SettingNode Dictionary(SettingNode entry) => new(SettingKind.Dictionary) { Entry = entry };

    public static SettingNode List(SettingNode entry) => new(SettingKind.List) { Entry = entry };
}
