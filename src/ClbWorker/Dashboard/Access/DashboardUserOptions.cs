namespace ClbWorker.Dashboard.Access;

/// <summary>One dashboard login: <c>Dashboard:Users:&lt;n&gt;:Name</c>, <c>:Password</c> or <c>:PasswordHash</c>, <c>:Role</c>.</summary>
public sealed class DashboardUserOptions
{
    /// <summary>The login name: 1 to 64 characters, no <c>:</c> (HTTP Basic separates name and password with it), no spaces or control characters.</summary>
    public string? Name { get; set; }

    /// <summary>The password in clear, 12 to 256 characters. A secret: never logged, never echoed in errors. Set this or <see cref="PasswordHash"/>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The password as <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt, base64&gt;$&lt;hash, base64&gt;</c>, e.g. from
    /// <c>ClbWorker --hash-password</c>. Set this or <see cref="Password"/>.
    /// </summary>
    public string? PasswordHash { get; set; }

    /// <summary><c>admin</c> or <c>viewer</c> (read-only). Default <c>viewer</c>.</summary>
    public string Role { get; set; } = DashboardRoles.Viewer;
}
