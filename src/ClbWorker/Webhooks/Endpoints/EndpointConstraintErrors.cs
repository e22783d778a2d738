using Npgsql;

namespace ClbWorker.Webhooks.Endpoints;

/// <summary>
/// Turns a refused endpoint value into a readable error. The database's CHECK constraints are the one definition of
/// a valid URL, secret and event-type list (nothing in C# can drift from them); this names the value that broke one
/// and says what is allowed. Secrets are never quoted back.
/// </summary>
internal static class EndpointConstraintErrors
{
    public sealed record Rule(string Field, string Allowed, bool QuoteValue);

    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        ["url_must_be_absolute_http_or_https"] =
            new("Url", "an absolute http:// or https:// URL with a host and no whitespace", QuoteValue: true),
        ["secret_must_be_whsec_and_base64_of_24_to_64_bytes"] =
            new("Secret", "whsec_ followed by the padded standard base64 of 24 to 64 random bytes", QuoteValue: false),
        ["event_types_must_be_task_event_types"] =
            new("EventTypes", "a list drawn from " + string.Join(", ", WebhookEventTypes.All) + " (empty: all)", QuoteValue: true),
    };

    /// <summary>The rule the error broke, when it is a CHECK violation on an endpoint value.</summary>
    public static Rule? Broken(PostgresException error) =>
        error.SqlState == PostgresErrorCodes.CheckViolation && error.ConstraintName is { } name && Rules.TryGetValue(name, out var rule)
            ? rule
            : null;

    public static string Describe(Rule rule, string subject, object? value) =>
        rule.QuoteValue
            ? $"{subject} '{Format(value)}' is not valid: it must be {rule.Allowed}."
            : $"{subject} is not valid: it must be {rule.Allowed}.";

    private static string? Format(object? value) => value is IEnumerable<string> list ? string.Join(", ", list) : value?.ToString();
}
