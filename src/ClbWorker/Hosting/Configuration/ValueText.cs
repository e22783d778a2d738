using System.Globalization;

namespace ClbWorker.Hosting.Configuration;

/// <summary>How values and the values a type allows read in messages.</summary>
public static class ValueText
{
    // Long values (a JSON blob pasted into a variable) are cut: the start is enough to recognise them.
    private const int MaxShown = 80;

    /// <summary>The value quoted, or <c>(hidden)</c> for a secret key (<see cref="SecretNames"/>).</summary>
    public static string Shown(string key, string? value)
    {
        if (SecretNames.IsSecret(key))
            return "(hidden)";
        if (value is null)
            return "(unset)";
        return value.Length <= MaxShown ? $"'{value}'" : $"'{value[..MaxShown]}...' ({value.Length} characters)";
    }

    /// <summary>What a value of <paramref name="type"/> is called: "a number", "a duration", "true or false".</summary>
    public static string Noun(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool))
            return "true or false";
        if (type == typeof(TimeSpan))
            return "a duration";
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetNames(type));
        if (type == typeof(float) || type == typeof(double) || type == typeof(decimal))
            return "a number";
        if (type.IsPrimitive)
            return "a whole number";
        return type == typeof(Uri) ? "a URI" : $"a {type.Name}";
    }

    /// <summary>What to write instead: the form, and the default when the options class has one.</summary>
    public static string Allowed(Type type, object? defaultValue)
    {
        ArgumentNullException.ThrowIfNull(type);
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        var form = plain == typeof(TimeSpan) ? "a duration as hh:mm:ss, d.hh:mm:ss with days or hh:mm:ss.fff with fractions"
            : plain == typeof(float) || plain == typeof(double) || plain == typeof(decimal) ? "a number, with '.' as the decimal point"
            : Noun(plain);
        return defaultValue is null ? form : $"{form}; the default is {Format(defaultValue)}";
    }

    /// <summary>A value as configuration would spell it: <c>00:00:10</c>, <c>0.2</c>, <c>true</c>.</summary>
    public static string Format(object value) => value switch
    {
        TimeSpan duration => duration.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
