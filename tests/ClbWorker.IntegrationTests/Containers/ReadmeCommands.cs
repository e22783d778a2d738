using ClbWorker.UnitTests.Deployment;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>The shell commands of the README's code blocks, exactly as a user copies them.</summary>
internal static class ReadmeCommands
{
    /// <summary>
    /// The commands of the ```sh block whose first command starts with <paramref name="firstCommand"/>, one per
    /// command: a line ending in a backslash goes on with the next. Fails naming the block when there is none.
    /// </summary>
    public static IReadOnlyList<string> Block(string firstCommand)
    {
        var blocks = new List<List<string>>();
        List<string>? block = null;
        foreach (var line in Repository.Read("README.md").Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (block is null && line.Trim() == "```sh")
                block = [];
            else if (block is not null && line.Trim() == "```")
                (blocks, block) = ([.. blocks, block], null);
            else
                block?.Add(line);
        }

        var found = blocks.Select(Commands).FirstOrDefault(commands => commands.Count > 0 && commands[0].StartsWith(firstCommand, StringComparison.Ordinal));
        return found ?? throw new InvalidOperationException($"README.md has no ```sh block starting with \"{firstCommand}\"; the compose tests run that block.");
    }

    private static List<string> Commands(List<string> lines)
    {
        var commands = new List<string>();
        var current = "";
        foreach (var line in lines.Where(l => current.Length > 0 || l.Trim().Length > 0))
        {
            current = current.Length == 0 ? line : current + "\n" + line;
            if (!line.EndsWith('\\'))
                (commands, current) = ([.. commands, current], "");
        }
        return commands;
    }
}
