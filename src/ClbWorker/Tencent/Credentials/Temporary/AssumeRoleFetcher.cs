namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>STS <c>AssumeRole</c>, signed with the credentials of the section's own source (which may be temporary too).</summary>
public sealed class AssumeRoleFetcher(StsClient sts, ICredentialProvider source, AssumeRoleSettings settings) : ITemporaryCredentialFetcher, IDisposable
{
    public const string Action = "AssumeRole";

    public string Description => $"assume-role ({settings.RoleArn}, signed with {source.Description})";

    public async Task<TemporaryCredentials> FetchAsync(CancellationToken ct)
    {
        var signer = await source.GetAsync(ct);
        var payload = StsPayload.AssumeRole(settings.RoleArn, settings.RoleSessionName, settings.DurationSeconds, settings.ExternalId);
        return await sts.CallAsync(settings.StsEndpoint, Action, settings.StsRegion, payload, signer,
            [signer.SecretKey, signer.Token ?? ""], ct);
    }

    public void Dispose()
    {
        if (source is IDisposable disposable)
            disposable.Dispose();
    }
}
