using System.Xml.Linq;

namespace ClbWorker.UnitTests.Deployment;

/// <summary>The Dockerfiles under src/, read as text: what each copies, restores and publishes.</summary>
internal static class Dockerfiles
{
    public static IEnumerable<string> All() =>
        Directory.GetFiles(Path.Combine(Repository.Root, "src"), "Dockerfile", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>The instruction lines (comments dropped), with their keyword upper-cased.</summary>
    public static List<(string Keyword, string Arguments)> Instructions(string dockerfile) =>
        Repository.Read(dockerfile).Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .Select(parts => (parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : ""))
            .ToList();

    /// <summary>A project file and every project it references, directly or not, relative to the repository root.</summary>
    public static IReadOnlyList<string> WithReferences(string project)
    {
        var found = new List<string>();
        var pending = new Queue<string>([project]);
        while (pending.TryDequeue(out var next))
        {
            if (found.Contains(next))
                continue;
            found.Add(next);
            foreach (var reference in Includes(next, "ProjectReference"))
                pending.Enqueue(reference);
        }
        return found;
    }

    /// <summary>The paths an item type includes (ProjectReference, EmbeddedResource ...), relative to the repository root.</summary>
    public static IEnumerable<string> Includes(string project, string itemType)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Repository.Root, project))!;
        return XDocument.Load(Path.Combine(Repository.Root, project)).Descendants(itemType)
            .Select(item => item.Attribute("Include")?.Value)
            .Where(include => include is not null)
            .Select(include => Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(folder, include!))).Replace('\\', '/'));
    }
}
