using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Endpoints;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookOptionsValidatorTests
{
    private const string SecretText = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static IReadOnlyList<string> Errors(WebhookOptions options) =>
        [.. new WebhookOptionsValidator().Validate(null, options).Failures ?? []];

    private static string Error(WebhookOptions options) => Assert.Single(Errors(options));

    private static WebhookOptions WithEndpoint(string? url = "https://hooks.example.com/clb", string? secret = SecretText, params string[] eventTypes)
    {
        var options = new WebhookOptions();
        var endpoint = new WebhookEndpointOptions { Url = url, Secret = secret };
        foreach (var type in eventTypes)
            endpoint.EventTypes.Add(type);
        options.Endpoints["orders"] = endpoint;
        return options;
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Errors(new WebhookOptions()));

    [Fact]
    public void A_complete_endpoint_with_known_event_types_is_valid() =>
        Assert.Empty(Errors(WithEndpoint(eventTypes: [WebhookEventTypes.Succeeded, WebhookEventTypes.Failed])));

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "it does not start with 'whsec_'")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!", "the part after 'whsec_' is not valid base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8I", "it decodes to 15 bytes; allowed 24 to 64")]
    public void A_bad_signing_secret_is_reported_without_quoting_it(string secret, string reason)
    {
        var error = Error(new WebhookOptions { SigningSecret = secret });

        Assert.StartsWith($"Webhooks:SigningSecret is not a valid secret: {reason}. Expected whsec_ followed by the base64 of 24 to 64 random bytes",
            error, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8GKYqr", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_signing_secret_is_valid() => Assert.Empty(Errors(new WebhookOptions { SigningSecret = "" }));

    [Fact]
    public void A_bad_endpoint_secret_names_the_endpoint_key_without_quoting_it()
    {
        var error = Error(WithEndpoint(secret: "whsec_c2hvcnQ="));

        Assert.StartsWith("Webhooks:Endpoints:orders:Secret is not a valid secret: it decodes to 5 bytes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_needs_a_url_and_a_secret()
    {
        var errors = Errors(WithEndpoint(url: null, secret: null));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Webhooks:Endpoints:orders:Url is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Webhooks:Endpoints:orders:Secret is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void An_endpoint_without_settings_is_reported()
    {
        var options = new WebhookOptions();
        options.Endpoints["orders"] = null!;

        Assert.StartsWith("Webhooks:Endpoints:orders has no settings", Error(options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/", "the URL's scheme is 'ftp'; only http and https are allowed")]
    [InlineData("hooks.example.com", "the URL is not an absolute http:// or https:// URL")]
    [InlineData("https://user:pw@hooks.example.com/", "the URL contains user info")]
    [InlineData("http://10.1.2.3/hook", "10.1.2.3 is a private address (10.0.0.0/8)")]
    public void Endpoint_urls_must_pass_the_url_policy(string url, string reason) =>
        Assert.StartsWith($"Webhooks:Endpoints:orders:Url is not allowed: {reason}", Error(WithEndpoint(url)), StringComparison.Ordinal);

    [Fact]
    public void Endpoint_urls_on_allowed_networks_are_valid()
    {
        var options = WithEndpoint("http://10.1.2.3/hook");
        options.AllowedNetworks.Add("10.1.0.0/16");

        Assert.Empty(Errors(options));
    }

    [Fact]
    public void Endpoint_urls_on_private_networks_are_valid_when_those_are_allowed()
    {
        var options = WithEndpoint("http://127.0.0.1:9000/hook");
        options.AllowPrivateNetworks = true;

        Assert.Empty(Errors(options));
    }

    [Fact]
    public void Unknown_event_types_are_reported_with_the_allowed_ones() =>
        Assert.Equal("Webhooks:Endpoints:orders:EventTypes:1 is 'task.done'; allowed: task.succeeded, task.failed, task.timed_out, task.invalid, task.cancelled.",
            Error(WithEndpoint(eventTypes: [WebhookEventTypes.Succeeded, "task.done"])));

    [Fact]
    public void Allowed_networks_must_be_cidr_ranges()
    {
        var options = new WebhookOptions();
        options.AllowedNetworks.Add("10.0.0.0/8");
        options.AllowedNetworks.Add("10.0.0.0/33");

        Assert.StartsWith("Webhooks:AllowedNetworks:1 is not valid: '10.0.0.0/33' has a prefix length other than 0 to 32; expected a CIDR range",
            Error(options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.999", "Webhooks:Timeout is 00:00:00.9990000; allowed 00:00:01 to 00:02:00.")]
    [InlineData("00:02:01", "Webhooks:Timeout is 00:02:01; allowed 00:00:01 to 00:02:00.")]
    public void The_timeout_must_be_1_second_to_2_minutes(string timeout, string expected)
    {
        var options = new WebhookOptions { Timeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture), ConnectTimeout = TimeSpan.FromMilliseconds(500), LeaseDuration = TimeSpan.FromMinutes(5) };

        Assert.Equal(expected, Error(options));
    }

    [Theory]
    [InlineData(99, "Webhooks:ConnectTimeout is 00:00:00.0990000; allowed 00:00:00.1000000 to 00:01:00.")]
    [InlineData(61_000, "Webhooks:ConnectTimeout is 00:01:01; allowed 00:00:00.1000000 to 00:01:00.")]
    public void The_connect_timeout_must_be_100_ms_to_1_minute(int milliseconds, string expected)
    {
        var options = new WebhookOptions { ConnectTimeout = TimeSpan.FromMilliseconds(milliseconds), Timeout = TimeSpan.FromMinutes(2), LeaseDuration = TimeSpan.FromMinutes(5) };

        Assert.Equal(expected, Error(options));
    }

    [Fact]
    public void The_connect_timeout_must_not_exceed_the_timeout() =>
        Assert.StartsWith("Webhooks:ConnectTimeout is 00:00:10; it must not exceed Webhooks:Timeout (00:00:05)",
            Error(new WebhookOptions { Timeout = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(10) }), StringComparison.Ordinal);

    [Theory]
    [InlineData(18, false)]
    [InlineData(19, true)]
    public void The_lease_must_exceed_the_timeout_plus_the_shutdown_grace(int leaseSeconds, bool valid)
    {
        var errors = Errors(new WebhookOptions
        {
            Timeout = TimeSpan.FromSeconds(15), ShutdownGrace = TimeSpan.FromSeconds(3), LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
        });

        if (valid)
            Assert.Empty(errors);
        else
            Assert.StartsWith("Webhooks:LeaseDuration is 00:00:18; it must exceed Webhooks:Timeout (00:00:15) plus Webhooks:ShutdownGrace (00:00:03)",
                Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void The_engine_settings_are_checked_with_their_keys()
    {
        var errors = Errors(new WebhookOptions
        {
            ShutdownGrace = TimeSpan.FromMinutes(1), IdleCheckInterval = TimeSpan.Zero, JobDuration = TimeSpan.FromHours(1), Schedule = "soon",
            LeaseDuration = TimeSpan.FromMinutes(5),
        });

        Assert.Contains("Webhooks:ShutdownGrace is 00:01:00; allowed 00:00:00 to 00:00:30.", errors);
        Assert.Contains("Webhooks:IdleCheckInterval is 00:00:00; allowed 00:00:00.0500000 to 00:01:00.", errors);
        Assert.Contains("Webhooks:JobDuration is 01:00:00; allowed 00:00:10 to 00:25:00.", errors);
        Assert.Contains(errors, e => e.StartsWith("Webhooks:Schedule is 'soon'; give a cron expression", StringComparison.Ordinal));
    }

    [Fact]
    public void The_lease_has_its_own_range() =>
        Assert.Contains("Webhooks:LeaseDuration is 02:00:00; allowed 00:00:05 to 01:00:00.",
            Errors(new WebhookOptions { LeaseDuration = TimeSpan.FromHours(2) }));

    [Theory]
    [InlineData(-1, "Webhooks:MaxResponseBytes is -1 bytes; allowed 0 bytes to 1048576 bytes.")]
    [InlineData(1048577, "Webhooks:MaxResponseBytes is 1048577 bytes; allowed 0 bytes to 1048576 bytes.")]
    public void The_response_cap_must_be_0_to_1_MiB(int bytes, string expected) =>
        Assert.Equal(expected, Error(new WebhookOptions { MaxResponseBytes = bytes }));

    [Theory]
    [InlineData(-0.1, "Webhooks:RetryJitter is -0.1; allowed 0 to 1.")]
    [InlineData(1.5, "Webhooks:RetryJitter is 1.5; allowed 0 to 1.")]
    [InlineData(double.NaN, "Webhooks:RetryJitter is NaN; allowed 0 to 1.")]
    public void The_jitter_must_be_a_fraction(double jitter, string expected) =>
        Assert.Equal(expected, Error(new WebhookOptions { RetryJitter = jitter }));

    [Fact]
    public void Concurrency_limits_have_ranges()
    {
        var errors = Errors(new WebhookOptions { MaxConcurrentDeliveries = 0, MaxConcurrentPerEndpoint = 101 });

        Assert.Equal(
            ["Webhooks:MaxConcurrentDeliveries is 0; allowed 1 to 1000.", "Webhooks:MaxConcurrentPerEndpoint is 101; allowed 1 to 100."],
            errors);
    }

    [Fact]
    public void Retry_schedule_entries_must_be_1_second_to_7_days()
    {
        var options = new WebhookOptions();
        options.RetrySchedule.Add(TimeSpan.FromSeconds(5));
        options.RetrySchedule.Add(TimeSpan.Zero);
        options.RetrySchedule.Add(TimeSpan.FromDays(8));

        Assert.Equal(
            ["Webhooks:RetrySchedule:1 is 00:00:00; allowed 00:00:01 to 7.00:00:00.", "Webhooks:RetrySchedule:2 is 8.00:00:00; allowed 00:00:01 to 7.00:00:00."],
            Errors(options));
    }

    [Fact]
    public void The_retry_schedule_is_at_most_50_entries()
    {
        var options = new WebhookOptions();
        for (var i = 0; i < 51; i++)
            options.RetrySchedule.Add(TimeSpan.FromMinutes(1));

        Assert.StartsWith("Webhooks:RetrySchedule has 51 entries; allowed at most 50", Error(options), StringComparison.Ordinal);
    }

    [Fact]
    public void The_rotation_overlap_must_be_0_to_30_days() =>
        Assert.Equal("Webhooks:SecretRotationOverlap is 31.00:00:00; allowed 00:00:00 to 30.00:00:00.",
            Error(new WebhookOptions { SecretRotationOverlap = TimeSpan.FromDays(31) }));
}
