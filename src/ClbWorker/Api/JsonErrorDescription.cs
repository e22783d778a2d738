using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace ClbWorker.Api;

/// <summary>
/// Turns a <see cref="JsonException"/> from reading a request into the field it concerns and a sentence for the caller:
/// which property has the wrong type and which type is wanted, which property is unknown and which are allowed, or
/// where the JSON stops being JSON. The serializer's own messages name .NET types, which mean nothing to a caller.
/// </summary>
public static partial class JsonErrorDescription
{
    public const string BodyField = "body";

    /// <param name="target">The type the JSON was read as, when known: its properties are listed when one is unknown,
    /// and the type a top-level property wants is taken from it.</param>
    /// <param name="prefix">Prepended to the field, e.g. <c>tasks[3].</c> for an item of a batch.</param>
    public static (string Field, string Message) Describe(JsonException error, JsonTypeInfo? target, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(error);
        var field = FieldOf(error.Path, prefix);
        var message = error.Message;

        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups["name"].Value;
            var allowed = target?.Properties is { Count: > 0 } properties ? $"; allowed: {string.Join(", ", properties.Select(p => p.Name))}" : "";
            return (prefix + name, $"{prefix}{name} is not a property of this request{allowed}. Unknown properties are refused so that a misspelt one is not ignored.");
        }
        // The serializer reports a string it cannot decode (an unpaired surrogate) as a failed conversion too.
        if (error.InnerException is InvalidOperationException unreadable && field != BodyField
            && !unreadable.Message.StartsWith("Cannot get the value of a token type", StringComparison.Ordinal))
            return (field, $"{field} is not valid: {unreadable.Message}");
        if (WrongType().Match(message) is { Success: true } wrongType)
        {
            // The serializer names the type being built, which for a constructor parameter is the containing record.
            var property = target?.Properties.FirstOrDefault(p => error.Path == "$." + p.Name);
            var wanted = property is not null ? Friendly(property.PropertyType) : Friendly(wrongType.Groups["type"].Value);
            return field == BodyField
                ? (field, $"The request body must be {wanted}.")
                : (field, $"{field} has the wrong JSON type; it must be {wanted}.");
        }
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
            return (BodyField, "The request body is empty; send a JSON object.");

        var sentence = Position().Replace(message, "").Trim();
        var at = Location().Match(message) is { Success: true } location
            ? string.Create(CultureInfo.InvariantCulture,
                $"line {long.Parse(location.Groups["line"].Value, CultureInfo.InvariantCulture) + 1}, byte {long.Parse(location.Groups["byte"].Value, CultureInfo.InvariantCulture) + 1}")
            : null;
        // A reader error (the inner exception is the reader's own JsonException) means the text stops being JSON:
        // that is the body's fault wherever it happens. Otherwise a value could not be read as its type (an unpaired
        // surrogate in a string, say): that is the field's.
        if (error.InnerException is JsonException || field == BodyField)
        {
            var where = (at, field) switch
            {
                (null, BodyField) => "",
                (null, _) => $" (in {field})",
                (_, BodyField) => $" ({at})",
                _ => $" ({at}, in {field})",
            };
            return (BodyField, $"The request body is not valid JSON{where}: {sentence}");
        }
        return (field, $"{field} is not valid{(at is null ? "" : $" ({at})")}: {sentence}");
    }

    private static string FieldOf(string? path, string prefix)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return prefix.Length > 0 ? prefix.TrimEnd('.') : BodyField;
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return prefix + field;
    }

    private static string Friendly(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? Friendly(inner.FullName ?? inner.Name) + " or null"
        : type == typeof(JsonElement) ? "any JSON value" : Friendly(type.FullName ?? type.Name);

    private static string Friendly(string dotnetType) => dotnetType switch
    {
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.Int32" or "System.Int64" or "System.Int16" => "an integer",
        "System.Double" or "System.Decimal" or "System.Single" => "a number",
        "System.DateTimeOffset" or "System.DateTime" => $"an ISO 8601 timestamp such as {IsoTimestamp.Example}",
        "System.Text.Json.JsonElement" => "any JSON value",
        _ when dotnetType.StartsWith("System.Nullable`1[", StringComparison.Ordinal) => Friendly(dotnetType[18..^1]) + " or null",
        _ when dotnetType.EndsWith("[]", StringComparison.Ordinal) || dotnetType.StartsWith("System.Collections.", StringComparison.Ordinal) => "an array",
        _ => "a JSON object",
    };

    [GeneratedRegex(@"^The JSON property '(?<name>.*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"could not be converted to (?<type>\S+)\. Path:", RegexOptions.CultureInvariant)]
    private static partial Regex WrongType();

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Position();

    [GeneratedRegex(@"LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Location();
}
