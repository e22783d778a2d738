using Microsoft.Extensions.Configuration;

namespace ClbWorker.Hosting.Configuration;

/// <summary>Configuration from the files that <c>*_FILE</c> environment variables name; see <see cref="SecretFileVariables"/>.</summary>
public sealed class SecretFilesConfigurationSource : IConfigurationSource
{
    /// <summary>The environment, as a snapshot; tests pass their own.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How often the files are read again for a rotated value. 5 s: a rotation takes effect within seconds, and
    /// reading a few small files that often costs nothing. Zero turns it off.
    /// </summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock of the reload timer; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SecretFilesConfigurationProvider(Variables, ReloadInterval, Time);
}
