using ClbWorker.Simulator.Validation;

namespace ClbWorker.Simulator.Sts;

/// <summary>Allowed values of <see cref="SimulatorTemporaryCredentials"/>, for configuration and the admin route alike.</summary>
internal static class TemporaryCredentialRules
{
    /// <param name="key">Turns a property name into the key errors are reported under (a configuration path or a JSON field).</param>
    public static ValidationErrors Check(SimulatorTemporaryCredentials settings, Func<string, string> key, ValidationErrors? errors = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        errors ??= new ValidationErrors();
        errors.Add(key(nameof(settings.Lifetime)),
            ValueRules.Between(settings.Lifetime, SimulatorTemporaryCredentials.MinLifetime, SimulatorTemporaryCredentials.MaxLifetime));
        if (settings.InstanceRole is { } role)
            errors.Add(key(nameof(settings.InstanceRole)), ValueRules.NotBlank(role) ?? (role.Contains('/', StringComparison.Ordinal) ? "must not contain '/'" : null));
        for (var i = 0; i < settings.RoleArns.Count; i++)
            errors.Add($"{key(nameof(settings.RoleArns))}:{i}", ValueRules.NotBlank(settings.RoleArns[i]));
        if ((settings.WebIdentityProviderId is null) != (settings.WebIdentityToken is null))
            errors.Add(key(nameof(settings.WebIdentityToken)), "must be set together with WebIdentityProviderId, or neither");
        else if (settings.WebIdentityToken is { } token)
            errors.Add(key(nameof(settings.WebIdentityToken)), ValueRules.NotBlank(token) ?? ValueRules.NotBlank(settings.WebIdentityProviderId));
        return errors;
    }
}
