using System.Collections;
using System.Globalization;
using System.Reflection;

namespace ClbWorker.UnitTests.Deployment;

/// <summary>
/// The configuration keys an application really reads, derived by reflection from its options classes: every class
/// named <c>*Options</c> with a <c>const string Section</c> or <c>SectionName</c> is a section, and its public
/// settable properties (and the collections and dictionaries it exposes) are its keys, down to the leaves. A new
/// options class that follows the convention is found without changing this file.
/// </summary>
internal sealed class ConfigurationKeys
{
    private static readonly string[] SectionConstants = ["Section", "SectionName"];

    // Keys every ASP.NET Core application reads, outside any options class of ours.
    private static readonly string[] FrameworkSections = ["Logging", "Kestrel"];
    private static readonly string[] FrameworkKeys = ["AllowedHosts", "Urls"];

    private readonly SettingNode root = SettingNode.Section();

    private ConfigurationKeys(string application) => Application = application;

    public string Application { get; }

    public IEnumerable<string> Sections => root.Children.Keys.Order(StringComparer.Ordinal);

    /// <param name="extraKeys">Keys read directly from configuration rather than through an options class.</param>
    public static ConfigurationKeys Of(Assembly assembly, params string[] extraKeys)
    {
        var keys = new ConfigurationKeys(assembly.GetName().Name!);
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            var section = SectionConstants
                .Select(name => type.GetField(name, BindingFlags.Public | BindingFlags.Static))
                .FirstOrDefault(field => field is { IsLiteral: true } && field.FieldType == typeof(string))?.GetRawConstantValue() as string;
            if (section is not null)
                keys.Add(section, Describe(type, depth: 0));
        }
        foreach (var section in FrameworkSections)
            keys.Add(section, SettingNode.Open);
        foreach (var key in FrameworkKeys.Concat(extraKeys))
            keys.Add(key, SettingNode.Value);
        return keys;
    }

    /// <summary>Why <paramref name="key"/> (<c>Tencent:SecretId</c>) is not a setting of the application; null when it is.</summary>
    public string? Problem(string key)
    {
        var segments = key.Split(':');
        var node = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var so = string.Join(':', segments[..i]);
            switch (node.Kind)
            {
                case SettingKind.Open:
                    return null;
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
                        var known = string.Join(", ", node.Children.Keys.Order(StringComparer.Ordinal));
                        return i == 0
                            ? $"{Application} has no configuration section '{segments[0]}' (known: {known}; an options class named *Options with a const string Section or SectionName adds one)"
                            : $"{so} has no key '{segments[i]}' (known: {known})";
                    }
                    node = child;
                    break;
            }
        }
        return node.Kind is SettingKind.Value or SettingKind.Open ? null : $"{key} is a section, not a setting; give one of its keys";
    }

    private void Add(string key, SettingNode node)
    {
        var segments = key.Split(':');
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            if (!parent.Children.TryGetValue(segment, out var next))
                parent.Children[segment] = next = SettingNode.Section();
            parent = next;
        }
        parent.Children[segments[^1]] = node;
    }

    private static SettingNode Describe(Type type, int depth)
    {
        if (depth > 10)
            throw new InvalidOperationException($"Options nest deeper than 10 levels at {type}; a cycle?");
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(type))
            return SettingNode.Value;
        if (type.IsArray)
            return SettingNode.List(Describe(type.GetElementType()!, depth + 1));
        if (GenericArguments(type, typeof(IDictionary<,>)) is [_, var value])
            return SettingNode.Dictionary(Describe(value, depth + 1));
        if (GenericArguments(type, typeof(ICollection<>)) is [var element])
            return SettingNode.List(Describe(element, depth + 1));

        var section = SettingNode.Section();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
                continue;
            // The binder sets public setters, and fills get-only collections and objects in place; a get-only
            // value or read-only collection is computed, not configured.
            var settable = property.SetMethod is { IsPublic: true };
            var fillable = !IsValue(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType)
                && (IsMutableCollection(property.PropertyType) || !typeof(IEnumerable).IsAssignableFrom(property.PropertyType));
            if (settable || fillable)
                section.Children[property.Name] = Describe(property.PropertyType, depth + 1);
        }
        return section;
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri);

    private static bool IsMutableCollection(Type type) =>
        type.IsArray || GenericArguments(type, typeof(IDictionary<,>)) is not null || GenericArguments(type, typeof(ICollection<>)) is not null;

    private static Type[]? GenericArguments(Type type, Type openInterface) =>
        (type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == openInterface ? type : null)?.GetGenericArguments()
        ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)?.GetGenericArguments();
}
