using System.Globalization;
using System.Reflection;
using ClbWorker.Hosting.Configuration;

namespace ClbWorker.UnitTests.Deployment;

/// <summary>
/// The configuration keys an application really reads: those of its options classes, as the worker itself derives
/// them at start (<see cref="ConfigurationSchema"/>), the keys it reads directly, and the framework's own. Stricter
/// than the worker's start-up check in one way: list entries must be numbered, as the documentation writes them.
/// </summary>
internal sealed class ConfigurationKeys
{
    // Keys every ASP.NET Core application reads, outside any options class of ours; below these sections anything goes.
    private static readonly string[] FrameworkSections = ["Logging", "Kestrel"];
    private static readonly string[] FrameworkKeys = ["AllowedHosts", "Urls"];

    private readonly ConfigurationSchema schema;

    private ConfigurationKeys(string application, ConfigurationSchema schema) => (Application, this.schema) = (application, schema);

    public string Application { get; }

    /// <param name="extraKeys">Keys read directly from configuration rather than through an options class.</param>
    public static ConfigurationKeys Of(Assembly assembly, params string[] extraKeys) =>
        new(assembly.GetName().Name!, ConfigurationSchema.Of(
            ConfigurationSchema.OptionsSections(assembly),
            FrameworkKeys.Concat(extraKeys).Select(key => KeyValuePair.Create(key, typeof(string)))));

    /// <summary>Why <paramref name="key"/> (<c>Tencent:SecretId</c>) is not a setting of the application; null when it is.</summary>
    public string? Problem(string key)
    {
        var segments = key.Split(':');
        if (FrameworkSections.Contains(segments[0], StringComparer.OrdinalIgnoreCase))
            return null;
        var node = schema.Root;
        for (var i = 0; i < segments.Length; i++)
        {
            var so = string.Join(':', segments[..i]);
            switch (node.Kind)
            {
                case SettingKind.Value:
                    return $"{so} is a setting of its own; it has no key '{segments[i]}'";
                case SettingKind.List when !int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out _):
                    return $"{so} is a list; its entries are numbered 0, 1, 2 ..., not '{segments[i]}'";
                case SettingKind.List or SettingKind.Dictionary:
                    node = node.Entry!;
                    break;
                default:
                    if (!node.Children.TryGetValue(segments[i], out var child))
                    {
                        var known = string.Join(", ", node.Children.Keys.Concat(i == 0 ? FrameworkSections : []).Order(StringComparer.Ordinal));
                        return i == 0
                            ? $"{Application} has no configuration section '{segments[0]}' (known: {known}; an options class named *Options with a const string Section or SectionName adds one)"
                            : $"{so} has no key '{segments[i]}' (known: {known})";
                    }
                    node = child;
                    break;
            }
        }
        return node.Kind is SettingKind.Value ? null : $"{key} is a section, not a setting; give one of its keys";
    }
}
