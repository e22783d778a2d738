using Microsoft.Extensions.Options;

namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// Configuration errors as the user should see them: one plain line each, once, without exception types or stack
/// traces; whether they came from <see cref="ConfigurationCheck"/>, from an options validator at start (one
/// <see cref="OptionsValidationException"/>, or several in an <see cref="AggregateException"/>) or from the binder.
/// </summary>
public sealed class ConfigurationErrorReport
{
    /// <summary>The process exit code for every configuration error: <c>EX_CONFIG</c> of sysexits.h.</summary>
    public const int ExitCode = 78;

    // The assembly whose conversion errors ("Failed to convert configuration value ... at 'Tencent:Timeout'") name a key.
    private const string BinderAssembly = "Microsoft.Extensions.Configuration.Binder";

    private ConfigurationErrorReport(IReadOnlyList<string> errors) => Errors = errors;

    public IReadOnlyList<string> Errors { get; }

    /// <summary>The report of <paramref name="error"/>; null when it is not (only) about configuration.</summary>
    public static ConfigurationErrorReport? For(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var errors = new List<string>();
        return Collect(error, errors) && errors.Count > 0 ? new ConfigurationErrorReport([.. errors.Distinct(StringComparer.Ordinal)]) : null;
    }

    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Errors.Count == 1
            ? "ClbWorker cannot start: 1 configuration error."
            : $"ClbWorker cannot start: {Errors.Count} configuration errors.");
        foreach (var error in Errors)
            output.WriteLine($"- {error}");
        output.WriteLine($"Fix the configuration and start again (exit code {ExitCode}).");
    }

    private static bool Collect(Exception error, List<string> errors)
    {
        switch (error)
        {
            case ConfigurationException configuration:
                errors.AddRange(configuration.Errors);
                return true;
            case OptionsValidationException validation:
                errors.AddRange(validation.Failures.Any() ? validation.Failures : [validation.Message]);
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(inner => Collect(inner, errors));
            case InvalidOperationException { Source: BinderAssembly } binding:
                errors.Add(binding.Message);
                return true;
            default:
                return false;
        }
    }
}
