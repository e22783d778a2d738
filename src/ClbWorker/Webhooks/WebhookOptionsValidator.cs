using System.Globalization;
using ClbWorker.LeasedWork;
using ClbWorker.Webhooks.Endpoints;
using ClbWorker.Webhooks.Security;
using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks;

/// <summary>
/// Start-up validation of <see cref="WebhookOptions"/>. Every error names its configuration key, the value
/// and what is allowed; secrets are never quoted, URLs not either (their query may hold a token).
/// </summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    private const string Section = WebhookOptions.Section;
    private const int MaxRetryScheduleEntries = 50;
    private const int MaxResponseBytesLimit = 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (!string.IsNullOrEmpty(options.SigningSecret))
            CheckSecret(errors, $"{Section}:SigningSecret", options.SigningSecret);
        var networks = CheckNetworks(errors, options.AllowedNetworks);
        var urls = new WebhookUrlPolicy(new SsrfAddressPolicy(options.AllowPrivateNetworks, networks));
        foreach (var (endpointName, endpoint) in options.Endpoints)
            CheckEndpoint(errors, urls, $"{Section}:Endpoints:{endpointName}", endpoint);

        Duration(errors, nameof(options.Timeout), options.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        Duration(errors, nameof(options.ConnectTimeout), options.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        if (options.ConnectTimeout > options.Timeout)
            errors.Add($"{Section}:ConnectTimeout is {Show(options.ConnectTimeout)}; it must not exceed {Section}:Timeout ({Show(options.Timeout)}), "
                + "which covers the whole attempt including the connection.");
        Range(errors, nameof(options.MaxResponseBytes), options.MaxResponseBytes, 0, MaxResponseBytesLimit, " bytes");
        CheckRetrySchedule(errors, options.RetrySchedule);
        Range(errors, nameof(options.RetryJitter), options.RetryJitter, 0, 1);
        Range(errors, nameof(options.MaxConcurrentDeliveries), options.MaxConcurrentDeliveries, 1, 1000);
        Range(errors, nameof(options.MaxConcurrentPerEndpoint), options.MaxConcurrentPerEndpoint, 1, 100);
        LeasedWorkOptionChecks.Check(Section, options, errors);
        if (options.LeaseDuration <= options.Timeout + options.ShutdownGrace)
            errors.Add($"{Section}:LeaseDuration is {Show(options.LeaseDuration)}; it must exceed {Section}:Timeout ({Show(options.Timeout)}) "
                + $"plus {Section}:ShutdownGrace ({Show(options.ShutdownGrace)}), or an attempt still in flight could be claimed and sent a second time.");
        Duration(errors, nameof(options.SecretRotationOverlap), options.SecretRotationOverlap, TimeSpan.Zero, TimeSpan.FromDays(30));
        Duration(errors, nameof(options.DisableEndpointAfterFailingFor), options.DisableEndpointAfterFailingFor, TimeSpan.FromHours(1), TimeSpan.FromDays(90));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckSecret(List<string> errors, string key, string? secret)
    {
        if (!WebhookSecret.TryParse(secret, out _, out var error))
            errors.Add($"{key} is not a valid secret: {error}. Expected {WebhookSecret.ExpectedForm}, "
                + "e.g. 'whsec_' followed by the output of 'openssl rand -base64 32'.");
    }

    private static List<CidrRange> CheckNetworks(List<string> errors, IList<string> networks)
    {
        var parsed = new List<CidrRange>();
        for (var i = 0; i < networks.Count; i++)
        {
            if (CidrRange.TryParse(networks[i], out var range, out var error))
                parsed.Add(range);
            else
                errors.Add($"{Section}:AllowedNetworks:{i} is not valid: {error}; expected {CidrRange.ExpectedForm}.");
        }
        return parsed;
    }

    private static void CheckEndpoint(List<string> errors, WebhookUrlPolicy urls, string prefix, WebhookEndpointOptions? endpoint)
    {
        if (endpoint is null)
        {
            errors.Add($"{prefix} has no settings; it needs Url and Secret (and optionally EventTypes).");
            return;
        }
        if (string.IsNullOrEmpty(endpoint.Url))
            errors.Add($"{prefix}:Url is not set; give the absolute http(s) URL that receives the notifications.");
        else if (urls.Check(endpoint.Url) is { IsAllowed: false } check)
            errors.Add($"{prefix}:Url is not allowed: {check.Refusal}.");

        if (string.IsNullOrEmpty(endpoint.Secret))
            errors.Add($"{prefix}:Secret is not set; expected {WebhookSecret.ExpectedForm}.");
        else
            CheckSecret(errors, $"{prefix}:Secret", endpoint.Secret);

        for (var i = 0; i < endpoint.EventTypes.Count; i++)
        {
            if (!WebhookEventTypes.All.Contains(endpoint.EventTypes[i], StringComparer.Ordinal))
                errors.Add($"{prefix}:EventTypes:{i} is '{endpoint.EventTypes[i]}'; allowed: {string.Join(", ", WebhookEventTypes.All)}.");
        }
    }

    private static void CheckRetrySchedule(List<string> errors, IList<TimeSpan> schedule)
    {
        if (schedule.Count > MaxRetryScheduleEntries)
            errors.Add($"{Section}:RetrySchedule has {schedule.Count} entries; allowed at most {MaxRetryScheduleEntries} "
                + "(none for the default schedule).");
        for (var i = 0; i < schedule.Count; i++)
            Duration(errors, $"RetrySchedule:{i}", schedule[i], TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
    }

    private static void Duration(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max) =>
        LeasedWorkOptionChecks.Duration(errors, Section, key, value, min, max);

    private static void Range(List<string> errors, string key, double value, double min, double max, string unit = "")
    {
        if (double.IsNaN(value) || value < min || value > max)
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key} is {value}{unit}; allowed {min}{unit} to {max}{unit}."));
    }

    private static string Show(TimeSpan value) => LeasedWorkOptionChecks.Show(value);
}
