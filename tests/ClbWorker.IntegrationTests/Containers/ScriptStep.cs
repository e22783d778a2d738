namespace ClbWorker.IntegrationTests.Containers;

/// <summary>One command of a <see cref="RepositoryCopy"/> script, as typed, with what a user would type into it.</summary>
/// <param name="Input">Its standard input; none (end of input at once) when null.</param>
internal sealed record ScriptStep(string Command, string? Input = null)
{
    public static ScriptStep Of(string command) => new(command);
}
