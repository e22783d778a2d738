namespace ClbWorker.Api;

/// <summary>The HTTP API's settings, section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The keys that may call <c>/api</c>, by a name of your choice (<c>Api:Keys:&lt;name&gt;:Key</c> and <c>:Role</c>).
    /// The name is what logs and the dashboard show; the key itself never is. Outside Development at least one is required.
    /// </summary>
    public Dictionary<string, ApiKeyOptions> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);
}
