namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// The configuration cannot work as it is: each of <see cref="Errors"/> names a key, its value unless secret, and
/// what is allowed. <c>Program</c> prints them and exits with <see cref="ConfigurationErrorReport.ExitCode"/>.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException()
    {
    }

    public ConfigurationException(string message) : base(message) => Errors = [message];

    public ConfigurationException(string message, Exception innerException) : base(message, innerException) => Errors = [message];

    public ConfigurationException(IReadOnlyList<string> errors) : base(string.Join(Environment.NewLine, errors ?? [])) =>
        Errors = errors ?? [];

    public IReadOnlyList<string> Errors { get; } = [];
}
