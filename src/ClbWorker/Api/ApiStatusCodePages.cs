using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ClbWorker.Api;

/// <summary>
/// Gives every error response that has no body one as problem+json: a 404 for an unknown route, a 405, and the 413 the
/// framework answers (with no body) when a request body is larger than <see cref="ApiSetup.MaxRequestBodyBytes"/>, and
/// its 415 for a body not sent as JSON; those two name the problem.
/// </summary>
public static class ApiStatusCodePages
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        ProblemDetails problem = status switch
        {
            StatusCodes.Status413PayloadTooLarge => Named(status, "Request body too large", JsonErrorDescription.BodyField,
                $"The request body is larger than {ApiSetup.MaxRequestBodyBytes} bytes (1 MiB), the most any /api route reads; "
                + "send fewer tasks per batch or smaller metadata."),
            StatusCodes.Status415UnsupportedMediaType => NotJson(http.Request.ContentType),
            _ => new ProblemDetails { Status = status },
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
        });
    }

    /// <summary>The problem of a body not sent as JSON, whichever part of the framework notices.</summary>
    public static HttpValidationProblemDetails NotJson(string? contentType) =>
        Named(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type",
            $"The request body must be JSON: send 'Content-Type: application/json' (this request sent '{contentType}').");

    private static HttpValidationProblemDetails Named(int status, string title, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Title = title, Detail = message };
}
