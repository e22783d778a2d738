using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ClbWorker.Api;

/// <summary>
/// Answers a request that minimal APIs could not bind (malformed JSON, a wrong type, an unknown property, no body, a
/// JSON null) with a validation problem naming the field, instead of the bare 400 the framework sends by
/// default. It works because <see cref="RouteHandlerOptions.ThrowOnBadRequest"/> is on (see <see cref="ApiSetup"/>),
/// for every route of the application.
/// </summary>
public sealed partial class BadRequestProblemHandler(IProblemDetailsService problems, IOptions<JsonOptions> json) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
            return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = Problem(bad, httpContext) });
    }

    private HttpValidationProblemDetails Problem(BadHttpRequestException bad, HttpContext context)
    {
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return ApiStatusCodePages.NotJson(context.Request.ContentType);
        var (field, message) = Describe(bad, context);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = bad.StatusCode,
            Title = "The request is not valid",
            Detail = message,
        };
    }

    private (string Field, string Message) Describe(BadHttpRequestException bad, HttpContext context)
    {
        if (bad.InnerException is JsonException error)
            return JsonErrorDescription.Describe(error, BodyType(context));
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && bad.Message.Contains("not provided", StringComparison.OrdinalIgnoreCase)
            || bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase))
            return (JsonErrorDescription.BodyField, "The request body is empty or null; send a JSON object.");
        var parameter = ParameterName().Match(bad.Message) is { Success: true } match ? match.Groups["name"].Value : "request";
        return (parameter, bad.Message);
    }

    // The type the endpoint reads its body as. The exception handler has cleared the request's endpoint by now; the
    // feature keeps the one that failed.
    private JsonTypeInfo? BodyType(HttpContext context)
    {
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var type = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        return type is not null && json.Value.SerializerOptions.TryGetTypeInfo(type, out var info) ? info : null;
    }

    [GeneratedRegex("parameter \"(?:[^\" ]+ )?(?<name>[^\" ]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
