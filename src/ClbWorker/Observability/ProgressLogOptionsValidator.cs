using Microsoft.Extensions.Options;

namespace ClbWorker.Observability;

internal sealed class ProgressLogOptionsValidator : IValidateOptions<ProgressLogOptions>
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, ProgressLogOptions options) =>
        options.Interval < Min || options.Interval > Max
            ? ValidateOptionsResult.Fail($"{ProgressLogOptions.Section}:{nameof(options.Interval)} is {options.Interval}; allowed {Min} to {Max}.")
            : ValidateOptionsResult.Success;
}
