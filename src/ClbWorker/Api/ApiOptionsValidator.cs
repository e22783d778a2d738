using Microsoft.Extensions.Options;

namespace ClbWorker.Api;

/// <summary>
/// Start-up validation of <see cref="ApiOptions"/>. Errors name the key's configuration path, never the key.
/// Outside Development a missing key is an error: the API would otherwise be open or unusable.
/// </summary>
public sealed class ApiOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiOptions>
{
    public const int MinKeyLength = 24;
    public const int MaxKeyLength = 256;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyName, key) in options.Keys)
        {
            var path = $"{ApiOptions.Section}:Keys:{keyName}";
            if (string.IsNullOrEmpty(key.Key))
                errors.Add($"{path}:Key is empty; set it to a random secret of {MinKeyLength} to {MaxKeyLength} characters, e.g. the output of 'openssl rand -base64 32'.");
            else if (key.Key.Length is < MinKeyLength or > MaxKeyLength || key.Key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                errors.Add($"{path}:Key is {key.Key.Length} characters; it must be {MinKeyLength} to {MaxKeyLength} characters with no spaces or control characters, e.g. the output of 'openssl rand -base64 32'.");
            else if (!seen.TryAdd(key.Key, keyName))
                errors.Add($"{path}:Key is the same key as {ApiOptions.Section}:Keys:{seen[key.Key]}:Key; give every name its own key.");
            if (!ApiRoles.All.Contains(key.Role, StringComparer.OrdinalIgnoreCase))
                errors.Add($"{path}:Role is '{key.Role}'; it must be '{ApiRoles.Admin}' or '{ApiRoles.Reader}'.");
        }
        if (options.Keys.Count == 0 && !environment.IsDevelopment())
            errors.Add($"{ApiOptions.Section}:Keys has no key, and every /api route needs 'Authorization: Bearer <key>'. Configure one, "
                + "e.g. Api__Keys__ci__Key=<random 24+ characters> and Api__Keys__ci__Role=admin (only the Development environment makes one up).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
