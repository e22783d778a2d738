namespace ClbWorker.UnitTests.Deployment;

/// <summary>What the checks need of one compose service, with <c>&lt;&lt;: *anchor</c> merges applied.</summary>
internal sealed record ComposeService(
    string Name,
    string? Image,
    string? BuildContext,
    string? Dockerfile,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> EnvFiles,
    IReadOnlyList<ComposeSecretUse> Secrets,
    IReadOnlyList<string> Profiles,
    IReadOnlyList<string> DependsOn);
