using System.Net.Http.Headers;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The API keys every test host is configured with (outside Development the application refuses to start
/// without one). Tests send them as <c>Authorization: Bearer</c>.
/// </summary>
public static class TestApiKeys
{
    public const string Admin = "test-admin-key-0123456789abcdef";
    public const string Reader = "test-reader-key-0123456789abcdef";

    /// <summary>The <c>Authorization</c> header that presents <paramref name="key"/>.</summary>
    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);

    public static IEnumerable<KeyValuePair<string, string?>> Settings(string s)
    {
        yield return new($"Api{s}Keys{s}test-admin{s}Key", Admin);
        yield return new($"Api{s}Keys{s}test-admin{s}Role", "admin");
        yield return new($"Api{s}Keys{s}test-reader{s}Key", Reader);
        yield return new($"Api{s}Keys{s}test-reader{s}Role", "reader");
    }
}
