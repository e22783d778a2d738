using System.CommandLine;
using ClbWorker.Api;

namespace ClbWorker.Cli;

/// <summary>Options that take an ISO 8601 duration, read by the same parser as the API's.</summary>
internal static class Durations
{
    public static Option<string> Timeout(string description) => Checked(new Option<string>("--timeout")
    {
        Description = description,
        DefaultValueFactory = _ => "PT10M",
    });

    public static TimeSpan Read(ParseResult parse, Option<string> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return IsoDuration.TryParse(parse.GetValue(option), out var value) ? value : TimeSpan.Zero;
    }

    private static Option<string> Checked(Option<string> option)
    {
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!IsoDuration.TryParse(text, out _))
                result.AddError($"{option.Name} '{text}' is not an ISO 8601 duration; allowed: e.g. PT30S, PT10M, PT1H.");
        });
        return option;
    }
}
