namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>
/// STS <c>AssumeRoleWithWebIdentity</c> (TKE workload identity, OIDC), unsigned: the token file is read again for every
/// call, since the kubelet rotates it.
/// </summary>
public sealed class WebIdentityFetcher(StsClient sts, string providerId, string tokenFile, AssumeRoleSettings settings) : ITemporaryCredentialFetcher
{
    public const string Action = "AssumeRoleWithWebIdentity";

    public string Description => $"oidc ({settings.RoleArn}, provider {providerId}, token file {tokenFile})";

    public async Task<TemporaryCredentials> FetchAsync(CancellationToken ct)
    {
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(tokenFile, ct)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialSourceException($"the web identity token file '{tokenFile}' cannot be read ({e.GetType().Name}: {e.Message}).");
        }
        if (token.Length == 0)
            throw new CredentialSourceException($"the web identity token file '{tokenFile}' is empty.");
        var payload = StsPayload.AssumeRoleWithWebIdentity(providerId, token, settings.RoleArn, settings.RoleSessionName, settings.DurationSeconds);
        return await sts.CallAsync(settings.StsEndpoint, Action, settings.StsRegion, payload, signer: null, [token], ct);
    }
}
