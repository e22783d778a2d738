namespace ClbWorker.Api;

/// <summary>What an API key may do.</summary>
public static class ApiRoles
{
    /// <summary>Every route, including those that change data.</summary>
    public const string Admin = "admin";

    /// <summary>Routes that only read.</summary>
    public const string Reader = "reader";

    public static IReadOnlyList<string> All { get; } = [Admin, Reader];
}
