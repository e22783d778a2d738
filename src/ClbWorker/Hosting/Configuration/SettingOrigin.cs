using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace ClbWorker.Hosting.Configuration;

/// <summary>Where a key got its value, said so that the user finds the line to change.</summary>
/// <param name="Description"><c>environment variable Tencent__Timeout</c>, <c>appsettings.json</c>, <c>the command line</c>,
/// <c>the file named by Tencent__SecretKey_FILE</c>.</param>
public sealed record SettingOrigin(string Description, bool IsEnvironmentVariable)
{
    /// <summary>Null when it cannot be told (settings made in code).</summary>
    public static SettingOrigin? Of(IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (configuration is not IConfigurationRoot root)
            return null;
        // The last provider that has the key is the one whose value counts.
        return root.Providers.LastOrDefault(p => p.TryGet(key, out _)) switch
        {
            EnvironmentVariablesConfigurationProvider => new($"environment variable {EnvironmentForm(key)}", true),
            SecretFilesConfigurationProvider => new($"the file named by {EnvironmentForm(key)}{SecretFileVariables.Suffix}", false),
            FileConfigurationProvider file => new(file.Source.Path ?? "a configuration file", false),
            CommandLineConfigurationProvider => new("the command line", false),
            _ => null,
        };
    }

    /// <summary>The environment variable that sets <paramref name="key"/>: <c>Tencent__Timeout</c> for <c>Tencent:Timeout</c>.</summary>
    public static string EnvironmentForm(string key) => SecretFileVariables.DirectVariable(key);

    public override string ToString() => Description;
}
