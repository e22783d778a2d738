using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClbWorker.Api;

/// <summary>
/// The problem+json answers of the <c>/api</c> routes. A refused field is a 400 validation problem whose <c>errors</c>
/// name the field and whose <c>detail</c> repeats the messages; values are only quoted when they are not secrets.
/// </summary>
internal static class ApiProblems
{
    /// <summary>Longest piece of a refused value quoted back.</summary>
    private const int MaxQuoted = 80;

    public static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.SelectMany(e => e.Value)),
            title: "The request is not valid");

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what, long id) =>
        TypedResults.Problem($"There is no {what} with id {id}.", statusCode: StatusCodes.Status404NotFound,
            title: $"{char.ToUpperInvariant(what[0])}{what[1..]} not found");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    /// <summary>Parses a resource id from the path: a whole number of at least 1.</summary>
    public static bool TryParseId(string text, out long id, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        problem = null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id >= 1)
            return true;
        problem = Invalid("id", $"id '{Quote(text)}' is not an id: it must be a whole number from 1 to {long.MaxValue}.");
        return false;
    }

    /// <summary>A request value cut to its first 64 characters for an error message.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";

    /// <summary>A value fit to quote in an error: cut short, control characters shown as '?'.</summary>
    public static string Quote(string value)
    {
        var cut = value.Length > MaxQuoted ? value[..MaxQuoted] + "..." : value;
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }
}
