using Microsoft.Extensions.Options;

namespace ClbWorker.Events;

internal sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    public static readonly TimeSpan MinRetention = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(30);
    public static readonly TimeSpan MinPollRetention = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MinKeepAlive = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxKeepAlive = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, EventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        // The dashboard's charts read the last 15 minutes of events; a minimum also guards against a unit slip.
        if (options.Retention < MinRetention || options.Retention > MaxRetention)
            errors.Add($"{EventsOptions.Section}:Retention is {options.Retention}; allowed {MinRetention} (1 hour) to {MaxRetention} (30 days).");
        if (options.PollRetention < MinPollRetention || options.PollRetention > options.Retention)
            errors.Add($"{EventsOptions.Section}:PollRetention is {options.PollRetention}; allowed {MinPollRetention} (15 minutes) up to {EventsOptions.Section}:Retention ({options.Retention}).");
        if (options.KeepAliveInterval < MinKeepAlive || options.KeepAliveInterval > MaxKeepAlive)
            errors.Add($"{EventsOptions.Section}:KeepAliveInterval is {options.KeepAliveInterval}; allowed {MinKeepAlive} to {MaxKeepAlive} (5 minutes).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
