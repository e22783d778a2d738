using System.Collections;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace ClbWorker.Hosting.Configuration;

public static class SecretFilesSetup
{
    /// <summary>
    /// Adds <see cref="SecretFilesConfigurationSource"/> with this process's environment, right after the environment
    /// variables (so <c>Tencent__SecretKey_FILE</c> ranks like <c>Tencent__SecretKey</c>, and the command line still
    /// wins). Call it first: the configuration is read as soon as it is added, and a bad file stops the start here.
    /// </summary>
    public static WebApplicationBuilder AddSecretFiles(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = entry.Value as string ?? "";
        AddSecretFiles(builder.Configuration, variables);
        return builder;
    }

    /// <summary>The same with a given environment, for tests.</summary>
    public static void AddSecretFiles(IConfigurationManager configuration, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sources = configuration.Sources;
        var position = sources.Count;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
                position = i + 1;
        }
        sources.Insert(position, new SecretFilesConfigurationSource { Variables = variables });
    }
}
