using Microsoft.Extensions.Configuration;

namespace ClbWorker.Secrets;

/// <summary>Configuration from the files that <c>*_FILE</c> environment variables name; see <see cref="SecretFileVariables"/>.</summary>
public sealed class SecretFilesConfigurationSource : IConfigurationSource
{
    /// <summary>The environment, as a snapshot; tests pass their own.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SecretFilesConfigurationProvider(Variables);
}
