using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClbWorker.Api;

/// <summary>
/// Documents the problem responses every <c>/api</c> route can give whatever its handler does: 401 without a valid
/// key, 403 for a reader on a route that changes data, and for routes with a body 400 (malformed), 413 (over 1 MiB)
/// and 415 (not JSON).
/// </summary>
public sealed class ApiErrorResponses : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.Responses ??= new OpenApiResponses();
        Add(operation, "401", "No valid API key: send `Authorization: Bearer <key>`.");
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == ApiPolicies.Write))
            Add(operation, "403", "The key has the reader role; this route changes data and needs an admin key.");
        if (operation.RequestBody is not null)
        {
            Add(operation, "400", "The body is not valid: malformed JSON, a wrong type, an unknown property or a broken rule; 'errors' names the field.");
            Add(operation, "413", "The body is larger than 1 MiB.");
            Add(operation, "415", "The body is not sent as application/json.");
        }
        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, string status, string description) =>
        operation.Responses!.TryAdd(status, new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
        });
}
