using Microsoft.Extensions.Options;

namespace ClbWorker.Retention;

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public static readonly TimeSpan MinTaskAge = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxTaskAge = TimeSpan.FromDays(3650);
    public const int MaxBatchSize = 10_000;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        // A minimum guards against a unit slip ("00:30:00" meant as 30 days) deleting recent history.
        if (options.TaskAge < MinTaskAge || options.TaskAge > MaxTaskAge)
            errors.Add($"Retention:TaskAge is {options.TaskAge}; allowed {MinTaskAge} (1 hour) to {MaxTaskAge} (10 years).");
        if (options.BatchSize is < 1 or > MaxBatchSize)
            errors.Add($"Retention:BatchSize is {options.BatchSize}; allowed 1 to {MaxBatchSize} tasks per transaction.");
        var fields = (options.Schedule ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
            errors.Add($"Retention:Schedule is \"{options.Schedule}\"; give a cron expression of 5 fields (or 6 with seconds), such as \"17 * * * *\" for hourly.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
