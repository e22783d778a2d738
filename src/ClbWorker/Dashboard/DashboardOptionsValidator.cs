using ClbWorker.Dashboard.Access;
using Microsoft.Extensions.Options;

namespace ClbWorker.Dashboard;

/// <summary>
/// Start-up validation of <see cref="DashboardOptions"/>. Every error names its configuration key; passwords and hashes
/// are never quoted.
/// </summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public const int MaxNameLength = 64;
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public const int MaxFailedLoginLimit = 10_000;

    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var path = $"{DashboardOptions.Section}:Users:{i}";
            CheckName(errors, path, user.Name, seen, i);
            CheckPassword(errors, path, user);
            if (!DashboardRoles.All.Contains(user.Role, StringComparer.OrdinalIgnoreCase))
                errors.Add($"{path}:Role is '{user.Role}'; it must be '{DashboardRoles.Admin}' or '{DashboardRoles.Viewer}' (read-only).");
        }
        CheckLimit(errors, nameof(DashboardOptions.MaxFailedLoginsPerAddress), options.MaxFailedLoginsPerAddress);
        CheckLimit(errors, nameof(DashboardOptions.MaxFailedLogins), options.MaxFailedLogins);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckLimit(List<string> errors, string key, int value)
    {
        if (value is < 1 or > MaxFailedLoginLimit)
            errors.Add($"{DashboardOptions.Section}:{key} is {value}; it must be a whole number from 1 to {MaxFailedLoginLimit} (failed logins per minute).");
    }

    private static void CheckName(List<string> errors, string path, string? name, Dictionary<string, int> seen, int index)
    {
        if (string.IsNullOrEmpty(name))
            errors.Add($"{path}:Name is missing; every dashboard user needs a login name.");
        else if (name.Length > MaxNameLength || name.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
            errors.Add($"{path}:Name must be 1 to {MaxNameLength} characters with no ':', spaces or control characters "
                + "(HTTP Basic puts a ':' between name and password).");
        else if (!seen.TryAdd(name, index))
            errors.Add($"{path}:Name '{name}' is already used by {DashboardOptions.Section}:Users:{seen[name]}; names must differ (ignoring case).");
    }

    private static void CheckPassword(List<string> errors, string path, DashboardUserOptions user)
    {
        var hasPassword = !string.IsNullOrEmpty(user.Password);
        var hasHash = !string.IsNullOrEmpty(user.PasswordHash);
        if (hasPassword == hasHash)
            errors.Add($"{path} needs exactly one of :Password and :PasswordHash; {(hasPassword ? "both are" : "neither is")} set.");
        else if (hasPassword && user.Password!.Length is < MinPasswordLength or > MaxPasswordLength)
            errors.Add($"{path}:Password is {user.Password.Length} characters; it must be {MinPasswordLength} to {MaxPasswordLength}.");
        else if (hasHash && !PasswordHash.TryParse(user.PasswordHash, out _, out var error))
            errors.Add($"{path}:PasswordHash is not valid: {error}. Expected {PasswordHash.ExpectedForm}; make one with 'ClbWorker --hash-password'.");
    }
}
