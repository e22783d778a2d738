namespace ClbWorker.Api;

/// <summary>One API key: <c>Api:Keys:&lt;name&gt;:Key</c> and <c>:Role</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret sent as <c>Authorization: Bearer &lt;key&gt;</c>: 24 to 256 printable characters, no spaces.</summary>
    public string? Key { get; set; }

    /// <summary><c>admin</c> (every route) or <c>reader</c> (GET routes only). Default <c>reader</c>.</summary>
    public string Role { get; set; } = ApiRoles.Reader;
}
