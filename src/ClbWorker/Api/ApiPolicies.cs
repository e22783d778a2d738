namespace ClbWorker.Api;

/// <summary>Authorization policy names for <c>/api</c> routes; both authenticate with an API key only.</summary>
public static class ApiPolicies
{
    /// <summary>Any valid key: the whole <c>/api</c> group requires it.</summary>
    public const string Read = "api-read";

    /// <summary>An admin key: put on every route that changes data.</summary>
    public const string Write = "api-write";
}
