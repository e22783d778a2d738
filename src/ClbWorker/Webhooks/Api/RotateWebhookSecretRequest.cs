using System.Globalization;
using System.Xml;
using ClbWorker.Api;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.Webhooks.Api;

/// <summary>The body of <c>POST /api/webhook-endpoints/{id}/rotate-secret</c>; every field is optional.</summary>
/// <param name="Overlap">
/// How long the current secret keeps signing too, as <c>hh:mm:ss</c>, <c>d.hh:mm:ss</c> or ISO 8601 (<c>PT24H</c>);
/// 0 to 30 days. Omitted: <c>Webhooks:SecretRotationOverlap</c> (24 h unless configured).
/// </param>
/// <param name="Secret">The new whsec_ secret; omitted: one is generated. Either way the answer shows it once.</param>
public sealed record RotateWebhookSecretRequest(string? Overlap, string? Secret)
{
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(30);

    /// <param name="defaultOverlap">The overlap when none is given.</param>
    /// <param name="overlap">The overlap to apply, once valid.</param>
    /// <returns>The refused fields, each with what is allowed; empty when the request is valid.</returns>
    internal Dictionary<string, string[]> Validate(TimeSpan defaultOverlap, out TimeSpan overlap)
    {
        var errors = new Dictionary<string, string[]>();
        overlap = defaultOverlap;
        if (Overlap is not null)
        {
            if (!TryParseDuration(Overlap, out overlap))
                errors["overlap"] = [$"overlap '{ApiProblems.Quote(Overlap)}' is not a duration; write it as hh:mm:ss, d.hh:mm:ss or ISO 8601 (PT24H)."];
            else if (overlap < TimeSpan.Zero || overlap > MaxOverlap)
                errors["overlap"] = [$"overlap is {overlap.ToString("c", CultureInfo.InvariantCulture)}; allowed 00:00:00 (drop the old secret at once) to {MaxOverlap.ToString("c", CultureInfo.InvariantCulture)}."];
        }
        if (Secret is not null && !WebhookSecret.TryParse(Secret, out _, out var secretError))
            errors["secret"] = [$"secret is not valid: {secretError}; expected {WebhookSecret.ExpectedForm} (omit it to have one generated)."];
        return errors;
    }

    public override string ToString() =>
        $"RotateWebhookSecretRequest {{ Overlap = {Overlap}, Secret = {(Secret is null ? "none" : "(hidden)")} }}";

    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        if (TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out duration))
            return true;
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
            }
            catch (OverflowException)
            {
            }
        }
        duration = default;
        return false;
    }
}
