using System.Globalization;
using System.Text.RegularExpressions;

namespace ClbWorker.LeasedWork;

/// <summary>
/// Start-up checks of the settings every leased-work capability shares (<see cref="ILeasedWorkOptions"/>), with the
/// same ranges and messages in each section: the key, the value, what is allowed.
/// </summary>
public static partial class LeasedWorkOptionChecks
{
    public static void Check(string section, ILeasedWorkOptions options, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        Duration(errors, section, nameof(options.LeaseDuration), options.LeaseDuration, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));
        Duration(errors, section, nameof(options.ShutdownGrace), options.ShutdownGrace, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Duration(errors, section, nameof(options.IdleCheckInterval), options.IdleCheckInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
        Duration(errors, section, nameof(options.JobDuration), options.JobDuration, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(25));
        if (options.ShutdownGrace >= options.LeaseDuration)
        {
            errors.Add($"{section}:ShutdownGrace is {Show(options.ShutdownGrace)}; it must be shorter than {section}:LeaseDuration " +
                $"({Show(options.LeaseDuration)}), or another process could take over work this one is still finishing.");
        }
        if (string.IsNullOrWhiteSpace(options.Schedule) || !CronShape().IsMatch(options.Schedule.Trim()))
        {
            errors.Add($"{section}:Schedule is '{options.Schedule}'; give a cron expression of 6 fields with seconds, " +
                "such as \"*/15 * * * * *\" (every 15 s).");
        }
    }

    /// <summary>Adds the error for <c>{section}:{key}</c> when <paramref name="value"/> is outside [min, max].</summary>
    public static void Duration(ICollection<string> errors, string section, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
            errors.Add($"{section}:{key} is {Show(value)}; allowed {Show(min)} to {Show(max)}.");
    }

    public static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    // Five or six fields of the characters cron allows; Hangfire checks the rest when the job is registered.
    [GeneratedRegex(@"^[0-9A-Za-z*/,\-?#LW]+(\s+[0-9A-Za-z*/,\-?#LW]+){4,5}$")]
    private static partial Regex CronShape();
}
