namespace ClbWorker.UnitTests.Deployment;

/// <summary>A service's use of a top-level secret, mounted at <c>/run/secrets/{Target}</c>.</summary>
internal sealed record ComposeSecretUse(string Source, string Target)
{
    public string MountPath => Target.StartsWith('/') ? Target : "/run/secrets/" + Target;
}
