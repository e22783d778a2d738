using System.Globalization;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace ClbWorker.Dashboard;

/// <summary>
/// A ClbWorker page inside Hangfire's layout (menu, styles, scripts). <see cref="RazorPage.Write"/> HTML-encodes; every
/// value that came from the database goes through it, and <see cref="RazorPage.WriteLiteral"/> only writes markup
/// written here.
/// </summary>
public abstract class ClbPage(string title) : RazorPage
{
    public string Title { get; } = title;

    public override void Execute()
    {
        Layout = new LayoutPage(Title);
        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">");
        Write(Title);
        WriteLiteral("</h1>\n");
        Body();
        WriteLiteral("</div></div>\n");
    }

    protected abstract void Body();

    protected void Heading(string text)
    {
        WriteLiteral("<h3>");
        Write(text);
        WriteLiteral("</h3>\n");
    }

    protected void Notice(string? text, string style = "info")
    {
        if (text is null)
            return;
        WriteLiteral($"<div class=\"alert alert-{style}\">");
        Write(text);
        WriteLiteral("</div>\n");
    }

    /// <summary>
    /// A live chart: <c>charts.js</c> (added once per page by <see cref="ChartsScript"/>) draws it from the JSON at
    /// <paramref name="source"/> and redraws it every 10 s.
    /// </summary>
    protected void Chart(string kind, string source, string title)
    {
        WriteLiteral("<div class=\"panel panel-default\"><div class=\"panel-heading\">");
        Write(title);
        WriteLiteral("</div><div class=\"panel-body\"><div class=\"clb-chart\" data-chart=\"");
        Write(kind);
        WriteLiteral("\" data-title=\"");
        Write(title);
        WriteLiteral("\" data-source=\"");
        Write(Url.To(source));
        WriteLiteral("\">Loading&hellip;</div></div></div>\n");
    }

    protected void ChartsScript()
    {
        WriteLiteral("<script src=\"");
        Write(Url.To(DashboardPaths.ChartsScriptUrl));
        WriteLiteral("\"></script>\n");
    }

    protected void TableStart(params string[] headers)
    {
        WriteLiteral("<div class=\"table-responsive\"><table class=\"table table-striped\"><thead><tr>");
        foreach (var header in headers)
        {
            WriteLiteral("<th>");
            Write(header);
            WriteLiteral("</th>");
        }
        WriteLiteral("</tr></thead><tbody>\n");
    }

    protected void TableEnd() => WriteLiteral("</tbody></table></div>\n");

    protected void Cells(params object?[] values)
    {
        WriteLiteral("<tr>");
        foreach (var value in values)
            Cell(value);
        WriteLiteral("</tr>\n");
    }

    protected void Cell(object? value)
    {
        WriteLiteral("<td>");
        switch (value)
        {
            case null:
                WriteLiteral("&mdash;");
                break;
            case NonEscapedString markup:
                Write(markup);
                break;
            case DateTimeOffset at:
                Write(Timestamp(at));
                break;
            default:
                Write(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
        WriteLiteral("</td>");
    }

    protected static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    protected static string Count(StateCount count) => Count(count.Count, count.AtLeast);

    internal static string Count(long count, bool atLeast = false) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + (atLeast ? "+" : "");

    protected static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 0 } => "0 s",
        { TotalMinutes: < 2 } => $"{age.TotalSeconds:0} s",
        { TotalHours: < 2 } => $"{age.TotalMinutes:0} min",
        { TotalDays: < 2 } => $"{age.TotalHours:0.#} h",
        _ => $"{age.TotalDays:0.#} days",
    };

    /// <summary>A coloured label for a task or delivery state.</summary>
    protected static NonEscapedString StateLabel(string state)
    {
        var style = state switch
        {
            "succeeded" or "delivered" or "healthy" => "success",
            "failed" or "invalid" or "disabled" => "danger",
            "timed_out" or "failing" => "warning",
            "pending" => "info",
            _ => "default",
        };
        return new NonEscapedString($"<span class=\"label label-{style}\">{System.Net.WebUtility.HtmlEncode(state)}</span>");
    }

    protected NonEscapedString Link(string dashboardPath, string text) =>
        new($"<a href=\"{System.Net.WebUtility.HtmlEncode(Url.To(dashboardPath))}\">{System.Net.WebUtility.HtmlEncode(text)}</a>");

    /// <summary>
    /// A button that POSTs to a dashboard path with the antiforgery token Hangfire checks, for admins only: a read-only
    /// (viewer) page renders nothing, and the routes refuse viewers anyway.
    /// </summary>
    protected void ActionButton(string dashboardPath, string label, string confirm, params (string Name, string Value)[] fields)
    {
        if (IsReadOnly)
            return;
        var services = Context.GetHttpContext().RequestServices;
        var tokenField = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.FormFieldName;
        WriteLiteral("<form method=\"post\" style=\"display:inline\" action=\"");
        Write(Url.To(dashboardPath));
        WriteLiteral("\" onsubmit=\"return confirm(this.dataset.confirm)\" data-confirm=\"");
        Write(confirm);
        WriteLiteral("\"><input type=\"hidden\" name=\"");
        Write(tokenField);
        WriteLiteral("\" value=\"");
        Write(Context.AntiforgeryToken);
        WriteLiteral("\">");
        foreach (var (name, value) in fields)
        {
            WriteLiteral("<input type=\"hidden\" name=\"");
            Write(name);
            WriteLiteral("\" value=\"");
            Write(value);
            WriteLiteral("\">");
        }
        WriteLiteral("<button type=\"submit\" class=\"btn btn-sm btn-default\">");
        Write(label);
        WriteLiteral("</button></form> ");
    }
}
