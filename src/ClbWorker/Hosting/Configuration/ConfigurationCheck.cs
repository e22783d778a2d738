using ClbWorker.Development;
using Microsoft.Extensions.Options;

namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// Start-up checks of the configuration, so that a mistake stops the start with every error named at once instead
/// of being ignored (a misspelt key) or crashing later with a stack trace (a value that does not convert).
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>
    /// Keys of ClbWorker's sections read with <c>configuration[...]</c> rather than through an options class, with the
    /// type their text must convert to. Everything else is derived from the options classes.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, Type>> HandReadKeys { get; } = DevelopmentRun.ConfigurationKeys;

    /// <summary>Every key ClbWorker reads in its own sections.</summary>
    public static ConfigurationSchema Schema() =>
        ConfigurationSchema.Of(ConfigurationSchema.OptionsSections(typeof(ConfigurationCheck).Assembly), HandReadKeys);

    /// <summary>
    /// Unknown keys in ClbWorker's sections and values that do not convert to their type stop the start here, before
    /// anything reads them. Call it once the configuration sources are in place, before the first <c>AddXxx</c>.
    /// </summary>
    /// <exception cref="ConfigurationException">Naming each such key.</exception>
    public static WebApplicationBuilder CheckConfiguration(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var problems = KeyProblems.Find(builder.Configuration, Schema());
        return problems.Count == 0 ? builder : throw new ConfigurationException(problems);
    }

    /// <summary>
    /// Runs the validators of every options class registered with <c>ValidateOnStart</c> now, right after
    /// <c>Build()</c>, rather than when the host starts: before the database is touched, and without the host
    /// logging the failure before it is reported.
    /// </summary>
    /// <exception cref="OptionsValidationException">One options class is invalid.</exception>
    /// <exception cref="AggregateException">Several are, one <see cref="OptionsValidationException"/> each.</exception>
    public static WebApplication CheckOptions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetService<IStartupValidator>()?.Validate();
        return app;
    }
}
