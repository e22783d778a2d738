namespace ClbWorker.Benchmarks.Reporting;

/// <summary>One scenario's figures as rows of text cells, shared by the console table and the Markdown report.</summary>
public static class ReportTable
{
    public static (string[] Header, List<string[]> Rows) Build(ScenarioResult result)
    {
        var subjects = result.Subjects;
        var header = new List<string> { "figure" };
        header.AddRange(subjects);
        if (result.Before is not null)
            header.Add($"ClbWorker ÷ {result.Before}");
        header.Add("target");
        header.Add("");
        var rows = new List<string[]>();
        foreach (var figure in result.Figures)
        {
            var cells = new List<string> { figure.Unit.Length > 0 ? $"{figure.Label} ({figure.Unit})" : figure.Label };
            var any = false;
            foreach (var subject in subjects)
            {
                var summary = result.SummaryOf(figure, subject);
                any |= summary is not null;
                cells.Add(summary?.Describe(figure.Decimals) ?? "");
            }
            if (!any)
                continue;
            if (result.Before is not null)
                cells.Add(result.RatioToBefore(figure)?.Describe(2) ?? "");
            cells.Add(figure.Target?.Describe(figure.Unit, figure.Decimals) ?? "");
            cells.Add(result.Verdict(figure));
            rows.Add([.. cells]);
        }
        return ([.. header], rows);
    }

    /// <summary>A fixed-width table for the console.</summary>
    public static string ToText(ScenarioResult result)
    {
        var (header, rows) = Build(result);
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var lines = new List<string>
        {
            $"== {result.Name}: {result.Title}",
            string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))),
            string.Join("  ", widths.Select(w => new string('-', w))),
        };
        lines.AddRange(rows.Select(r => string.Join("  ", r.Select((c, i) => c.PadRight(widths[i])))));
        lines.AddRange(result.Notes.Select(n => "  * " + n));
        return string.Join(Environment.NewLine, lines);
    }
}
