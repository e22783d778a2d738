using ClbWorker.UnitTests.Documentation;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>The shell commands of docs/deployment.md's code blocks, exactly as a user copies them.</summary>
internal static class DeploymentCommands
{
    public const string Page = "docs/deployment.md";

    /// <summary>
    /// The commands of the ```sh block whose first command starts with <paramref name="firstCommand"/>, one per
    /// command: a line ending in a backslash goes on with the next. Fails naming the page when there is none.
    /// </summary>
    public static IReadOnlyList<string> Block(string firstCommand) =>
        MarkdownBlock.Read(Page).Where(b => b.Language == "sh").Select(b => b.Commands())
            .FirstOrDefault(commands => commands.Count > 0 && commands[0].StartsWith(firstCommand, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{Page} has no ```sh block starting with \"{firstCommand}\"; the compose tests run that block.");
}
