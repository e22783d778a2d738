using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// The configuration keys an application reads, derived from its options classes: each class named <c>*Options</c>
/// with a <c>const string Section</c> or <c>SectionName</c> is a section, and the properties the configuration binder
/// fills are its keys, down through nested objects, dictionaries and lists. A property added to an options class is
/// known as soon as it compiles; only keys read by hand, outside any options class, need naming.
/// </summary>
public sealed class ConfigurationSchema
{
    // Deeper than any options class nests; reaching it means a type refers back to itself.
    private const int MaxDepth = 12;

    private static readonly string[] SectionConstants = ["Section", "SectionName"];

    private readonly SettingNode root = SettingNode.Section();

    private ConfigurationSchema()
    {
    }

    /// <summary>The top-level sections, e.g. <c>Tencent</c> and <c>Polling</c>.</summary>
    public IEnumerable<string> Sections => root.Children.Keys;

    /// <summary>The section whose keys are the top-level sections, for walking the tree key by key.</summary>
    public SettingNode Root => root;

    /// <param name="sections">Each section's name and the options class bound to it.</param>
    /// <param name="handReadKeys">Keys read directly from configuration (<c>DevSimulator:Url</c>), with the type their text must convert to.</param>
    public static ConfigurationSchema Of(IEnumerable<KeyValuePair<string, Type>> sections, IEnumerable<KeyValuePair<string, Type>> handReadKeys)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(handReadKeys);
        var schema = new ConfigurationSchema();
        foreach (var (name, type) in sections)
        {
            var section = schema.root.Add(name, SettingNode.Section());
            foreach (var (key, node) in Describe(type, null, depth: 0).Children)
                section.Add(key, node);
        }
        foreach (var (key, type) in handReadKeys)
        {
            var segments = key.Split(':');
            var parent = schema.root;
            foreach (var segment in segments[..^1])
                parent = parent.Add(segment, SettingNode.Section());
            parent.Add(segments[^1], SettingNode.Value(type));
        }
        return schema;
    }

    /// <summary>The options classes of <paramref name="assembly"/> that name their section, by section.</summary>
    public static IEnumerable<KeyValuePair<string, Type>> OptionsSections(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            var constant = SectionConstants
                .Select(name => type.GetField(name, BindingFlags.Public | BindingFlags.Static))
                .FirstOrDefault(field => field is { IsLiteral: true } && field.FieldType == typeof(string));
            if (constant?.GetRawConstantValue() is string section)
                yield return KeyValuePair.Create(section, type);
        }
    }

    /// <summary>Looks <paramref name="key"/> (<c>Tencent:Accounts:prod:SecretId</c>) up, segment by segment, case-insensitively.</summary>
    public KeyLookup Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = key.Split(':');
        var node = root;
        for (var i = 0; i < segments.Length; i++)
        {
            if (node.Below(segments[i]) is not { } next)
                return new KeyLookup(segments, i, node);
            node = next;
        }
        return new KeyLookup(segments, segments.Length, node);
    }

    /// <summary>
    /// Every key and section, as documentation writes them: <c>Tencent:Accounts:&lt;name&gt;:SecretId</c>,
    /// <c>Webhooks:RetrySchedule:&lt;n&gt;</c>.
    /// </summary>
    public IEnumerable<string> Paths() => PathsBelow(root, "");

    private static IEnumerable<string> PathsBelow(SettingNode node, string prefix)
    {
        IEnumerable<(string Name, SettingNode Node)> below = node.Kind switch
        {
            SettingKind.Section => node.Children.Select(child => (child.Key, child.Value)),
            SettingKind.Dictionary => [("<name>", node.Entry!)],
            SettingKind.List => [("<n>", node.Entry!)],
            _ => [],
        };
        foreach (var (name, child) in below)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}:{name}";
            yield return path;
            foreach (var deeper in PathsBelow(child, path))
                yield return deeper;
        }
    }

    private static SettingNode Describe(Type type, object? instance, int depth)
    {
        if (depth > MaxDepth)
            throw new InvalidOperationException($"Options nest deeper than {MaxDepth} levels at {type}; does a type refer back to itself?");
        if (IsValue(type))
            return SettingNode.Value(type);
        if (type.IsArray)
            return SettingNode.List(Describe(type.GetElementType()!, null, depth + 1));
        if ((TypeArguments(type, typeof(IDictionary<,>)) ?? TypeArguments(type, typeof(IReadOnlyDictionary<,>))) is [_, var entry])
            return SettingNode.Dictionary(Describe(entry, null, depth + 1));
        if (TypeArguments(type, typeof(IEnumerable<>)) is [var element])
            return SettingNode.List(Describe(element, null, depth + 1));

        var section = SettingNode.Section();
        instance ??= NewOrNull(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsBound))
        {
            var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var current = instance is null ? null : property.GetValue(instance);
            section.Add(name, IsValue(property.PropertyType)
                ? SettingNode.Value(property.PropertyType, current)
                : Describe(property.PropertyType, current, depth + 1));
        }
        return section;
    }

    // The binder sets public setters, and fills get-only collections and objects in place; a get-only value or
    // read-only collection is computed from the others, not configured.
    private static bool IsBound(PropertyInfo property)
    {
        if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
            return false;
        if (property.SetMethod is { IsPublic: true })
            return true;
        var type = property.PropertyType;
        if (IsValue(type) || type.IsArray)
            return false;
        return TypeArguments(type, typeof(IDictionary<,>)) is not null
            || TypeArguments(type, typeof(ICollection<>)) is not null
            || !typeof(IEnumerable).IsAssignableFrom(type);
    }

    // What the binder converts from text rather than binding key by key (numbers, durations, enums, nullable ones ...).
    private static bool IsValue(Type type) =>
        type == typeof(string) || type == typeof(object) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static Type[]? TypeArguments(Type type, Type openGeneric) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == openGeneric ? type : null)?.GetGenericArguments()
        ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openGeneric)?.GetGenericArguments();

    private static object? NewOrNull(Type type) =>
        type.IsAbstract || type.IsInterface || (type.IsClass && type.GetConstructor(Type.EmptyTypes) is null) ? null : Activator.CreateInstance(type);
}
