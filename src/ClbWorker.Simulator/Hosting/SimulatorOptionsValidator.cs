using ClbWorker.Simulator.Faults;
using ClbWorker.Simulator.Sts;
using ClbWorker.Simulator.Validation;
using Microsoft.Extensions.Options;

namespace ClbWorker.Simulator.Hosting;

/// <summary>Checks <see cref="SimulatorOptions"/>; each failure names its configuration key, the value and the allowed range.</summary>
internal sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new ValidationErrors();
        const string Section = SimulatorOptions.SectionName;

        errors.Add($"{Section}:{nameof(options.RateLimitPerSecond)}", ValueRules.Between(options.RateLimitPerSecond, 1, 100_000));
        errors.Add($"{Section}:{nameof(options.TimestampTolerance)}",
            ValueRules.Between(options.TimestampTolerance, TimeSpan.FromSeconds(1), MaxDelay));
        errors.Add($"{Section}:{nameof(options.ActionTaskMinDelay)}", ValueRules.Between(options.ActionTaskMinDelay, TimeSpan.Zero, MaxDelay));
        errors.Add($"{Section}:{nameof(options.ActionTaskMaxDelay)}",
            ValueRules.Between(options.ActionTaskMaxDelay, options.ActionTaskMinDelay, MaxDelay));
        errors.Add($"{Section}:{nameof(options.ActionTaskFailureRate)}", ValueRules.Probability(options.ActionTaskFailureRate));

        for (var i = 0; i < options.Regions.Count; i++)
            errors.Add($"{Section}:{nameof(options.Regions)}:{i}", ValueRules.NotBlank(options.Regions[i]));

        CheckCredentials(options.Credentials, errors);
        if (options.ArrivalLog is { } log && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(log))))
            errors.Add($"{Section}:{nameof(options.ArrivalLog)}", $"names a file in a folder that does not exist ({log}); create the folder or choose another path");

        if (options.TemporaryCredentials is null)
            errors.Add($"{Section}:{nameof(options.TemporaryCredentials)}", "must not be null");
        else
            TemporaryCredentialRules.Check(options.TemporaryCredentials,
                property => $"{Section}:{nameof(options.TemporaryCredentials)}:{property}", errors);

        if (options.Faults is null)
            errors.Add($"{Section}:{nameof(options.Faults)}", "must not be null");
        else
            FaultRules.Check(options.Faults, errors, property => $"{Section}:{nameof(options.Faults)}:{property}");

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }

    private static void CheckCredentials(IList<SimulatorCredential> credentials, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < credentials.Count; i++)
        {
            // Values stay out of the messages: they are secrets.
            var key = $"{SimulatorOptions.SectionName}:{nameof(SimulatorOptions.Credentials)}:{i}";
            errors.Add($"{key}:{nameof(SimulatorCredential.SecretId)}", ValueRules.NotBlank(credentials[i].SecretId));
            errors.Add($"{key}:{nameof(SimulatorCredential.SecretKey)}", ValueRules.NotBlank(credentials[i].SecretKey));
            if (credentials[i].Token is { } token)
                errors.Add($"{key}:{nameof(SimulatorCredential.Token)}", ValueRules.NotBlank(token));
            if (!string.IsNullOrWhiteSpace(credentials[i].SecretId) && !seen.Add(credentials[i].SecretId))
                errors.Add($"{key}:{nameof(SimulatorCredential.SecretId)}", $"repeats SecretId {credentials[i].SecretId}; each SecretId may appear once");
        }
    }
}
