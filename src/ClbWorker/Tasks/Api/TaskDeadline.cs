using ClbWorker.Api;

namespace ClbWorker.Tasks.Api;

/// <summary>
/// A task's <c>deadline</c> as the API takes it: an ISO 8601 timestamp with an offset, or an ISO 8601 duration
/// counted from now. It must lie in the future and at most <see cref="MaxAhead"/> away.
/// </summary>
public static class TaskDeadline
{
    /// <summary>
    /// The furthest deadline accepted. A CLB change that has not finished after a week never will; a longer deadline
    /// would only keep spending the account's request budget on it.
    /// </summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(7);

    public const string Allowed =
        $"an ISO 8601 timestamp with an offset such as '{IsoTimestamp.Example}', or an ISO 8601 duration from now such as 'PT30M' or 'P1D', "
        + "in the future and at most 7 days (P7D) away";

    /// <param name="error">What is wrong and what is allowed.</param>
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset deadline, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        deadline = default;
        if (text.StartsWith('P'))
        {
            if (!IsoDuration.TryParse(text, out var duration))
                return Fail($"'{ApiProblems.Shorten(text)}' is not an ISO 8601 duration of weeks, days, hours, minutes or seconds (years and months have no fixed length)", out error);
            if (duration <= TimeSpan.Zero)
                return Fail($"'{text}' is not in the future", out error);
            if (duration > MaxAhead)
                return Fail($"'{text}' is more than 7 days away", out error);
            deadline = now + duration;
        }
        else
        {
            if (!IsoTimestamp.TryParse(text, out deadline))
                return Fail($"'{ApiProblems.Shorten(text)}' is neither an ISO 8601 timestamp with an offset nor an ISO 8601 duration", out error);
            if (deadline <= now)
                return Fail($"'{text}' is in the past (now is {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})", out error);
            if (deadline - now > MaxAhead)
                return Fail($"'{text}' is more than 7 days away", out error);
        }
        error = null;
        return true;
    }

    private static bool Fail(string reason, out string error)
    {
        error = $"{reason}; allowed: {Allowed}.";
        return false;
    }
}
