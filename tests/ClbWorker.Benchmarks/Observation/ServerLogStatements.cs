using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ClbWorker.Benchmarks.Observation;

/// <summary>
/// The statements PostgreSQL itself timed, read from its server log while <c>log_min_duration_statement = 0</c> is set
/// for the database: each execute step with its duration and SQL text, as the server saw the product's real queries.
/// </summary>
public static partial class ServerLogStatements
{
    public sealed record Statement(double Milliseconds, string Sql);

    public static long EndOf(string log) => File.Exists(log) ? new FileInfo(log).Length : 0;

    /// <summary>Execute steps logged after byte <paramref name="from"/> of the log.</summary>
    public static IReadOnlyList<Statement> ReadFrom(string log, long from)
    {
        var statements = new List<Statement>();
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        double? milliseconds = null;
        var sql = new StringBuilder();
        void Flush()
        {
            if (milliseconds is { } ms)
                statements.Add(new Statement(ms, sql.ToString()));
            milliseconds = null;
            sql.Clear();
        }
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('\t'))
            {
                if (milliseconds is not null)
                    sql.Append('\n').Append(line.AsSpan(1));
                continue;
            }
            Flush();
            var match = Execute().Match(line);
            if (match.Success)
            {
                milliseconds = double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture);
                sql.Append(match.Groups["sql"].Value);
            }
        }
        Flush();
        return statements;
    }

    [GeneratedRegex(@"LOG:  duration: (?<ms>[0-9.]+) ms  execute [^:]*: (?<sql>.*)$")]
    private static partial Regex Execute();
}
