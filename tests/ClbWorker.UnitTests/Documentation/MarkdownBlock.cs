namespace ClbWorker.UnitTests.Documentation;

/// <summary>
/// A fenced code block of a Markdown file as a reader sees it: its language (<c>sh</c>, <c>sql</c>), the words after
/// it (<c>runnable</c> marks a block the documentation test runs), its lines, and where it starts.
/// </summary>
public sealed record MarkdownBlock(string File, int Line, string Language, IReadOnlyList<string> Tags, IReadOnlyList<string> Lines)
{
    public bool IsRunnable => Tags.Contains("runnable");

    /// <summary>Where to find it, for a failure message: <c>docs/http-api.md:82</c>.</summary>
    public string Where => $"{File}:{Line}";

    public string Text => string.Join('\n', Lines);

    /// <summary>Its commands: one per line, a line ending in a backslash going on with the next; blank lines dropped.</summary>
    public IReadOnlyList<string> Commands()
    {
        var commands = new List<string>();
        var current = "";
        foreach (var line in Lines.Where(l => current.Length > 0 || l.Trim().Length > 0))
        {
            current = current.Length == 0 ? line : current + "\n" + line;
            if (!line.EndsWith('\\'))
                (commands, current) = ([.. commands, current], "");
        }
        return commands;
    }

    /// <summary>Every fenced block of <paramref name="relativePath"/> (from the repository root).</summary>
    public static IReadOnlyList<MarkdownBlock> Read(string relativePath)
    {
        var blocks = new List<MarkdownBlock>();
        string[]? info = null;
        var start = 0;
        var lines = new List<string>();
        var number = 0;
        foreach (var line in Deployment.Repository.Read(relativePath).Split('\n').Select(l => l.TrimEnd('\r')))
        {
            number++;
            var trimmed = line.Trim();
            if (info is null && trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                info = trimmed[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                (start, lines) = (number, []);
            }
            else if (info is not null && trimmed == "```")
            {
                blocks.Add(new MarkdownBlock(relativePath, start, info.FirstOrDefault() ?? "", [.. info.Skip(1)], lines));
                info = null;
            }
            else if (info is not null)
            {
                lines.Add(line);
            }
        }
        return blocks;
    }

    /// <summary>README.md and every page of docs/, as paths from the repository root.</summary>
    public static IReadOnlyList<string> Pages() =>
        ["README.md", .. Directory.GetFiles(Path.Combine(Deployment.Repository.Root, "docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(f => "docs/" + Path.GetFileName(f))];
}
