namespace ClbWorker.IntegrationTests.Containers;

/// <summary>What a <see cref="RepositoryCopy"/> script printed (each step's standard output, and everything in order) and how long it took.</summary>
internal sealed record ScriptRun(IReadOnlyList<ScriptStep> Steps, IReadOnlyList<string> Outputs, string Transcript, TimeSpan Elapsed)
{
    /// <summary>The standard output of the first step whose command starts with <paramref name="command"/>.</summary>
    public string OutputOf(string command)
    {
        var index = Steps.ToList().FindIndex(s => s.Command.StartsWith(command, StringComparison.Ordinal));
        return index >= 0 ? Outputs[index] : throw new ArgumentException($"No step starts with \"{command}\".", nameof(command));
    }
}
