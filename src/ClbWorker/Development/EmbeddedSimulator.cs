namespace ClbWorker.Development;

/// <summary>The built-in CLB simulator of a development run, where it listens, and the credential source polling it.</summary>
public sealed record EmbeddedSimulator(WebApplication App, Uri Address, string CredentialSource = Tencent.Credentials.CredentialSources.Static);
