using ClbWorker.Tasks.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ClbWorker.Api;

/// <summary>
/// The OpenAPI document of every <c>/api</c> route at <c>/openapi/v1.json</c> and a browsable reference of it at
/// <c>/scalar</c>. Both are open to anyone who can reach the service: they describe routes, not data, and hold no secret.
/// </summary>
public static class OpenApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddOpenApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ClbWorker API",
                    Version = "v1",
                    Description = "Enqueue Tencent Cloud CLB tasks to be polled until they finish, follow them, and manage their webhooks. "
                        + "Every route needs `Authorization: Bearer <key>` (`Api:Keys:<name>:Key`); routes that change data need a key with the admin role. "
                        + "Errors are RFC 9457 problem+json; invalid input is a validation problem whose `errors` are keyed by field.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key from `Api:Keys:<name>:Key`; the dev run prints the one it made up.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(new ApiErrorResponses());
            options.AddSchemaTransformer(TaskApiExamples.BatchItemsSchemaAsync);
        });
        return services;
    }

    public static WebApplication MapOpenApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("ClbWorker API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddPreferredSecuritySchemes([BearerScheme]));
        return app;
    }
}
