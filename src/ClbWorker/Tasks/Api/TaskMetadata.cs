using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ClbWorker.Tasks.Api;

/// <summary>
/// A task's <c>metadata</c>: a JSON object of at most <see cref="MaxBytes"/> once written compactly, that PostgreSQL's
/// jsonb can hold: no NUL character (<c>\u0000</c>) or unpaired surrogate in a string or name, and numbers of at most
/// 40 characters with an exponent within ±300 (jsonb stores numbers as numeric, which refuses the extremes).
/// </summary>
public static class TaskMetadata
{
    public const int MaxBytes = 16 * 1024;

    public const string Empty = "{}";

    private const int MaxNumberLength = 40;
    private const int MaxExponent = 300;

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="json">The object written compactly (<c>{}</c> when <paramref name="value"/> is absent or null).</param>
    /// <param name="error">What is wrong and what is allowed.</param>
    public static bool TryNormalize(JsonElement? value, out string json, out string? error)
    {
        json = Empty;
        if (value is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            error = null;
            return true;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"is {Article(element.ValueKind)}; allowed: a JSON object such as {{\"change\": \"add listener 443\"}}, at most {MaxBytes} bytes.";
            return false;
        }
        if (FindUnstorable(element, "metadata") is { } problem)
        {
            error = problem;
            return false;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
            element.WriteTo(writer);
        if (buffer.WrittenCount > MaxBytes)
        {
            error = $"is {buffer.WrittenCount} bytes written compactly; allowed: at most {MaxBytes} bytes (16 KiB).";
            return false;
        }
        json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        error = null;
        return true;
    }

    private static string? FindUnstorable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsStorable(property.Name))
                        return $"has a property name with a NUL character or an unpaired surrogate under {path}; PostgreSQL's jsonb cannot store it.";
                    if (FindUnstorable(property.Value, $"{path}.{property.Name}") is { } inner)
                        return inner;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnstorable(item, $"{path}[{index++}]") is { } inner)
                        return inner;
                }
                return null;
            case JsonValueKind.String:
                return IsStorable(element) ? null
                    : $"has a string with a NUL character (\\u0000) or an unpaired surrogate at {path}; PostgreSQL's jsonb cannot store it.";
            case JsonValueKind.Number:
                return IsStorableNumber(element.GetRawText()) ? null
                    : $"has the number {Shorten(element.GetRawText())} at {path}; allowed: at most {MaxNumberLength} characters with an exponent from -{MaxExponent} to {MaxExponent}.";
            default:
                return null;
        }
    }

    private static bool IsStorable(JsonElement text)
    {
        try
        {
            return IsStorable(text.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return false; // an escaped unpaired surrogate cannot be read as a string at all
        }
    }

    private static bool IsStorable(string text) =>
        !text.Contains('\0', StringComparison.Ordinal) && !HasUnpairedSurrogate(text);

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }
        return false;
    }

    private static bool IsStorableNumber(string raw)
    {
        if (raw.Length > MaxNumberLength)
            return false;
        var e = raw.IndexOfAny(['e', 'E']);
        return e < 0 || (int.TryParse(raw.AsSpan(e + 1), System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var exponent) && Math.Abs(exponent) <= MaxExponent);
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string text) => text.Length <= 48 ? text : text[..48] + "...";
}
