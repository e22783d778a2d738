using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace ClbWorker.Tencent.Credentials;

/// <summary>
/// A key pair that does not expire: <c>static</c> (configuration), <c>environment</c> or <c>profile</c>. When it can be
/// read again, a change is picked up without a restart: on every change signal (a rotated <c>_FILE</c> secret reloads
/// the configuration) and when Tencent Cloud refuses the pair in use.
/// </summary>
public sealed class StaticCredentialProvider : ICredentialProvider, IDisposable
{
    private readonly string account;
    private readonly Func<TencentCredentials?>? reread;
    private readonly ILogger logger;
    private readonly IDisposable? subscription;
    private volatile TencentCredentials current;

    /// <param name="reread">Reads the pair again; null when the source cannot change (environment variables).</param>
    /// <param name="changes">Signals that <paramref name="reread"/> may give something new; null for no signal.</param>
    public StaticCredentialProvider(string account, string description, TencentCredentials credentials, ILogger logger,
        Func<TencentCredentials?>? reread = null, Func<IChangeToken>? changes = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        this.account = account;
        Description = description;
        current = credentials;
        this.logger = logger;
        this.reread = reread;
        if (reread is not null && changes is not null)
            subscription = ChangeToken.OnChange(changes, Reread);
    }

    public string Description { get; }

    public ValueTask<TencentCredentials> GetAsync(CancellationToken ct) => ValueTask.FromResult(current);

    public ValueTask<bool> RenewAsync(string? rejectedSecretId, CancellationToken ct)
    {
        var before = current;
        Reread();
        return ValueTask.FromResult(current != before);
    }

    private void Reread()
    {
        if (reread is null)
            return;
        TencentCredentials? read;
        try
        {
            read = reread();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Tencent account {Account}: reading the {Source} credentials again failed ({Error}); the previous ones stay in use",
                account, Description, e.Message);
            return;
        }
        if (read is null || read == current)
            return;
        if (!read.IsComplete || HasStrayCharacters(read))
        {
            logger.LogWarning("Tencent account {Account}: the {Source} credentials changed to an incomplete pair or one with whitespace; "
                + "the previous ones stay in use until both SecretId and SecretKey are complete", account, Description);
            return;
        }
        current = read;
        logger.LogInformation("Tencent account {Account}: new {Source} credentials picked up", account, Description);
    }

    private static bool HasStrayCharacters(TencentCredentials credentials) =>
        new[] { credentials.SecretId, credentials.SecretKey, credentials.Token ?? "" }
            .Any(value => value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)));

    public void Dispose() => subscription?.Dispose();
}
