using System.Text;
using System.Text.RegularExpressions;
using ClbWorker.UnitTests.Deployment;

namespace ClbWorker.UnitTests.Documentation;

/// <summary>Every relative link of README.md and docs/ leads somewhere: a file that exists, and a heading that exists in it.</summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Pages => [.. MarkdownBlock.Pages()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_resolves_to_a_file_and_heading_that_exist(string page)
    {
        var broken = new List<string>();
        var text = WithoutCode(Repository.Read(page));
        foreach (Match link in Link().Matches(text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                continue;
            var (path, anchor) = target.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? (target[..hash], target[(hash + 1)..]) : (target, "");
            var file = path.Length == 0 ? page : Path.GetRelativePath(Repository.Root,
                Path.GetFullPath(Path.Combine(Repository.Root, Path.GetDirectoryName(page)!, path))).Replace('\\', '/');
            var full = Path.Combine(Repository.Root, file);
            if (!File.Exists(full) && !Directory.Exists(full))
                broken.Add($"{target} (no such file: {file})");
            else if (anchor.Length > 0 && file.EndsWith(".md", StringComparison.Ordinal) && !Anchors(file).Contains(anchor))
                broken.Add($"{target} (no heading #{anchor} in {file}; it has {string.Join(", ", Anchors(file).Select(a => "#" + a))})");
        }

        Assert.True(broken.Count == 0, $"{page} links to what does not exist:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void The_readme_is_at_most_150_lines_and_links_every_page_of_docs()
    {
        var readme = Repository.Read("README.md");

        Assert.InRange(readme.TrimEnd('\n').Split('\n').Length, 1, 150);
        Assert.All(MarkdownBlock.Pages().Where(p => p.StartsWith("docs/", StringComparison.Ordinal)),
            page => Assert.Contains($"]({page})", readme, StringComparison.Ordinal));
    }

    // GitHub's anchors: lower case, punctuation other than '-' and '_' dropped, spaces as '-'.
    private static HashSet<string> Anchors(string file) =>
        [.. Heading().Matches(WithoutCode(Repository.Read(file))).Select(m => Slug(m.Groups["title"].Value))];

    private static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
                slug.Append(c);
            else if (c == ' ')
                slug.Append('-');
        }
        return slug.ToString();
    }

    private static string WithoutCode(string markdown) => Fence().Replace(markdown, "");

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
