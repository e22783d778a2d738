namespace ClbWorker.Webhooks.Security;

/// <summary>The verdict of <see cref="WebhookUrlPolicy"/>: the parsed URL, or why it is refused.</summary>
public sealed record WebhookUrlCheck(Uri? Url, string? Refusal)
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Url))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsAllowed => Refusal is null;

    internal static WebhookUrlCheck Allowed(Uri url) => new(url, null);

    internal static WebhookUrlCheck Refused(string reason) => new(null, reason);
}
