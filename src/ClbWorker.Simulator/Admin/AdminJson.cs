using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClbWorker.Simulator.Admin;

/// <summary>JSON conventions of the <c>/_sim/</c> routes: camelCase, enums as camelCase names, unknown fields refused.</summary>
internal static class AdminJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Integers are refused for enums so that `"outcome": 7` is an error, not an undefined outcome.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        // A misspelt field (`"delayy"`) would otherwise be ignored silently and the default used.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    /// <summary>
    /// Reads the body as <typeparamref name="T"/> whatever its Content-Type (curl users forget it), or a 400
    /// problem naming the JSON field that could not be read (<c>body</c> when it is the document itself).
    /// </summary>
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
            return value is null ? (null, Problem("body", "body must be a JSON object, not null.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Problem(field, $"{field} could not be read: {e.Message}"));
        }
    }

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
