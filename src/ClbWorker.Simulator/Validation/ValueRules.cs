using System.Globalization;

namespace ClbWorker.Simulator.Validation;

/// <summary>
/// Range checks shared by configuration and admin input. Each returns the problem in words (the caller
/// prefixes the key), or null when the value is acceptable.
/// </summary>
internal static class ValueRules
{
    public static string? Probability(double value) => value is >= 0 and <= 1
        ? null
        : $"must be a probability between 0 and 1; got {value.ToString(CultureInfo.InvariantCulture)}";

    public static string? Between(TimeSpan value, TimeSpan min, TimeSpan max) => value >= min && value <= max
        ? null
        : $"must be a duration between {min:c} and {max:c}; got {value:c}";

    public static string? Between(int value, int min, int max) => value >= min && value <= max
        ? null
        : $"must be between {min} and {max}; got {value}";

    public static string? NotBlank(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "must not be empty" : null;
}
