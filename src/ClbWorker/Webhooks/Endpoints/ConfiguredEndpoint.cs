namespace ClbWorker.Webhooks.Endpoints;

/// <summary>
/// What configuration says one endpoint should be, read from <c>Webhooks:Endpoints:&lt;name&gt;</c>, and what that
/// does to its row. Pure, so the rules are tested without a database.
/// </summary>
internal sealed record ConfiguredEndpoint(string ConfigName, string Url, string Secret, IReadOnlyList<string> EventTypes)
{
    public const string NamePrefix = "config:";

    /// <summary>Why a configured endpoint is disabled when its entry is gone from configuration.</summary>
    public const string RemovedReason = "removed from configuration";

    /// <summary>
    /// The row's name. Configuration keys are case-insensitive, so the name is lower-cased: changing the case of a
    /// key in configuration must not create a second endpoint.
    /// </summary>
    public string RowName => RowNameOf(ConfigName);

    public static string RowNameOf(string configName) => NamePrefix + configName.ToLowerInvariant();

    /// <exception cref="InvalidOperationException">Url or Secret is missing; the message names the key.</exception>
    public static ConfiguredEndpoint From(string configName, WebhookEndpointOptions options)
    {
        var key = $"{WebhookOptions.Section}:Endpoints:{configName}";
        if (string.IsNullOrWhiteSpace(options.Url))
            throw new InvalidOperationException($"{key}:Url is not set: give the absolute http(s) URL that receives the notifications, or remove {key}.");
        if (string.IsNullOrWhiteSpace(options.Secret))
            throw new InvalidOperationException($"{key}:Secret is not set: give a whsec_ secret (base64 of 24 to 64 random bytes), or remove {key}.");
        return new ConfiguredEndpoint(configName, options.Url.Trim(), options.Secret.Trim(), WebhookEndpoint.NormaliseEventTypes(options.EventTypes));
    }

    /// <summary>
    /// The row once this configuration is applied, or null when nothing changes. A new secret keeps the old one
    /// signing for <paramref name="secretRotationOverlap"/>. An endpoint disabled because it had left configuration
    /// comes back enabled; one disabled for failing (410 Gone, too long failing) stays disabled unless its URL changed,
    /// since only a new URL says the failure was dealt with.
    /// </summary>
    public WebhookEndpoint? ApplyTo(WebhookEndpoint row, TimeSpan secretRotationOverlap, DateTimeOffset now)
    {
        var urlChanged = !string.Equals(row.Url, Url, StringComparison.Ordinal);
        var secretChanged = !string.Equals(row.Secret, Secret, StringComparison.Ordinal);
        var typesChanged = !row.EventTypes.SequenceEqual(EventTypes, StringComparer.Ordinal);
        var reenable = !row.Enabled && (row.DisabledReason == RemovedReason || urlChanged);
        if (!urlChanged && !secretChanged && !typesChanged && !reenable)
            return null;

        var (previous, previousExpiresAt) = (row.PreviousSecret, row.PreviousSecretExpiresAt);
        if (secretChanged)
            (previous, previousExpiresAt) = secretRotationOverlap > TimeSpan.Zero
                ? (row.Secret, now + secretRotationOverlap)
                : ((string?)null, (DateTimeOffset?)null);
        var enabled = row.Enabled || reenable;
        return row with
        {
            Url = Url,
            Secret = Secret,
            PreviousSecret = previous,
            PreviousSecretExpiresAt = previousExpiresAt,
            EventTypes = EventTypes,
            Enabled = enabled,
            DisabledReason = enabled ? null : row.DisabledReason,
            DisabledAt = enabled ? null : row.DisabledAt,
            // A new target or a fresh start owes nothing to the old failures.
            FirstFailureAt = urlChanged || reenable ? null : row.FirstFailureAt,
            UpdatedAt = now,
        };
    }
}
