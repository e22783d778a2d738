namespace ClbWorker.Cli;

/// <summary>Something the command cannot go on from: its message is printed (never with a stack trace) and it exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
