namespace ClbWorker.Cli;

/// <summary><c>--output</c>: a readable line per task or event, or the JSON ClbWorker returned.</summary>
internal enum OutputFormat
{
    Text,
    Json,
}
