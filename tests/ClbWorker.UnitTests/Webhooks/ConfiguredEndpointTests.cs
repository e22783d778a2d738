using ClbWorker.Webhooks.Endpoints;

namespace ClbWorker.UnitTests.Webhooks;

public class ConfiguredEndpointTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Overlap = TimeSpan.FromHours(24);
    private const string OldSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string NewSecret = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static WebhookEndpoint Row(bool enabled = true, string? reason = null, string url = "https://a.example/hook") => new(
        1, "config:ops", url, OldSecret, null, null, [], enabled, reason, enabled ? null : Now.AddDays(-1),
        WebhookEndpointSources.Config, Now.AddDays(-2), Now.AddDays(-2), Now.AddDays(-3));

    private static ConfiguredEndpoint Wanted(string url = "https://a.example/hook", string secret = OldSecret, params string[] types) =>
        new("Ops", url, secret, WebhookEndpoint.NormaliseEventTypes(types));

    [Fact]
    public void The_row_name_is_the_lower_cased_configuration_name_after_config_colon() =>
        Assert.Equal("config:ops-east", ConfiguredEndpoint.RowNameOf("Ops-East"));

    [Theory]
    [InlineData(null, "whsec_x", "Webhooks:Endpoints:Ops:Url")]
    [InlineData("https://a.example", " ", "Webhooks:Endpoints:Ops:Secret")]
    public void A_missing_url_or_secret_names_its_key(string? url, string? secret, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConfiguredEndpoint.From("Ops", new WebhookEndpointOptions { Url = url, Secret = secret }));

        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_configuration_changes_nothing() =>
        Assert.Null(Wanted().ApplyTo(Row(), Overlap, Now));

    [Fact]
    public void A_new_secret_keeps_the_old_one_for_the_overlap_and_the_failure_streak()
    {
        var applied = Wanted(secret: NewSecret).ApplyTo(Row(), Overlap, Now);

        Assert.Equal((NewSecret, OldSecret, Now + Overlap, Now, Now.AddDays(-3)),
            (applied!.Secret, applied.PreviousSecret, applied.PreviousSecretExpiresAt, applied.UpdatedAt, applied.FirstFailureAt));
    }

    [Fact]
    public void Without_an_overlap_a_new_secret_replaces_the_old_one_at_once()
    {
        var applied = Wanted(secret: NewSecret).ApplyTo(Row(), TimeSpan.Zero, Now);

        Assert.Equal((NewSecret, null, null), (applied!.Secret, applied.PreviousSecret, applied.PreviousSecretExpiresAt));
    }

    [Fact]
    public void Changed_event_types_are_a_change() =>
        Assert.Equal(["task.failed"], Wanted(types: "task.failed").ApplyTo(Row(), Overlap, Now)!.EventTypes);

    [Fact]
    public void An_endpoint_back_in_configuration_is_enabled_again_with_a_fresh_streak()
    {
        var applied = Wanted().ApplyTo(Row(enabled: false, reason: ConfiguredEndpoint.RemovedReason), Overlap, Now);

        Assert.Equal((true, null, null, null), (applied!.Enabled, applied.DisabledReason, applied.DisabledAt, applied.FirstFailureAt));
    }

    [Fact]
    public void An_endpoint_disabled_for_failing_stays_disabled_when_only_its_secret_or_types_change()
    {
        Assert.Null(Wanted().ApplyTo(Row(enabled: false, reason: "410 Gone"), Overlap, Now));
        var applied = Wanted(secret: NewSecret, types: "task.failed").ApplyTo(Row(enabled: false, reason: "410 Gone"), Overlap, Now);

        Assert.Equal((false, "410 Gone"), (applied!.Enabled, applied.DisabledReason));
    }

    [Fact]
    public void A_new_url_enables_an_endpoint_disabled_for_failing_and_resets_its_streak()
    {
        var applied = Wanted(url: "https://b.example/hook").ApplyTo(Row(enabled: false, reason: "410 Gone"), Overlap, Now);

        Assert.Equal(("https://b.example/hook", true, null, null), (applied!.Url, applied.Enabled, applied.DisabledReason, applied.FirstFailureAt));
    }
}
