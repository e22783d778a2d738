using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ClbWorker.Benchmarks.Reporting;

/// <summary>
/// Writes the report file (docs/benchmarks.md): a fixed header, then one section per scenario between
/// <c>&lt;!-- scenario:NAME --&gt;</c> markers. Sections of scenarios this run did not measure, and sections other tools
/// keep between <c>&lt;!-- section:NAME --&gt;</c> markers, are carried over unchanged.
/// </summary>
public static partial class MarkdownReport
{
    private const string Header = """
        # Benchmarks

        What ClbWorker's benchmark and fault harness measured, and how to measure it again. Every scenario starts
        real processes: a PostgreSQL cluster, the CLB simulator, published ClbWorker processes in the Production
        environment (configured only through their documented settings) and a webhook receiver that verifies
        signatures. Figures are counted by outside observers: the simulator's arrival log (every request that reaches
        it), the receiver's record of verified notifications, the database, and the operating system (`/proc`) for CPU
        and memory; none is a number ClbWorker reports about itself.

        Rerun every scenario with `dotnet run -c Release --project tests/ClbWorker.Benchmarks -- all` (one scenario:
        name it instead of `all`; `--quick` for a small run; `--compare REF` adds the ClbWorker of another git revision,
        measured side by side in the same runs). Each figure is the median over its runs with the range in
        parentheses; a ratio is computed run by run from two figures measured in the same run. A target the median
        misses is marked **gap**. This file is written by the harness; sections it did not run this time are kept.

        """;

    public static void Write(string path, IReadOnlyList<ScenarioResult> results, string machine, IReadOnlyList<string> scenarioOrder)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "";
        var sections = new List<(string Kind, string Name, string Text)>();
        foreach (Match match in Section().Matches(existing))
            sections.Add((match.Groups["kind"].Value, match.Groups["name"].Value, match.Value));

        var fresh = results.ToDictionary(r => r.Name, r => Render(r, machine));
        var ordered = new List<string>();
        foreach (var name in scenarioOrder)
        {
            if (fresh.TryGetValue(name, out var text))
                ordered.Add(text);
            else if (sections.FirstOrDefault(s => s.Kind == "scenario" && s.Name == name) is { Text: not null } kept)
                ordered.Add(kept.Text);
        }
        ordered.AddRange(sections.Where(s => s.Kind != "scenario" || !scenarioOrder.Contains(s.Name)).Select(s => s.Text));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Header + string.Join("\n\n", ordered) + "\n");
    }

    private static string Render(ScenarioResult result, string machine)
    {
        var (header, rows) = ReportTable.Build(result);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<!-- scenario:{result.Name} -->\n");
        text.Append(CultureInfo.InvariantCulture, $"## `{result.Name}`: {result.Title}\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"Measured {result.StartedAt:yyyy-MM-dd HH:mm} UTC at commit `{result.Commit}`, {result.Runs.Count} run(s), on {machine}.\n\n");
        text.Append(result.Description.Trim()).Append("\n\n");
        text.Append("| ").Append(string.Join(" | ", header.Select(Escape))).Append(" |\n");
        text.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
        foreach (var row in rows)
            text.Append("| ").Append(string.Join(" | ", row.Select((c, i) => i == row.Length - 1 && c == "gap" ? "**gap**" : Escape(c)))).Append(" |\n");
        if (result.Notes.Count > 0)
        {
            text.Append('\n');
            foreach (var note in result.Notes)
                text.Append("- ").Append(note).Append('\n');
        }
        text.Append(CultureInfo.InvariantCulture, $"<!-- /scenario:{result.Name} -->");
        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    [GeneratedRegex(@"<!-- (?<kind>scenario|section):(?<name>[a-z0-9-]+) -->.*?<!-- /\k<kind>:\k<name> -->", RegexOptions.Singleline)]
    private static partial Regex Section();
}
