using ClbWorker.Events.Api;
using ClbWorker.Hosting;
using ClbWorker.Tasks;
using ClbWorker.Tasks.Api;
using ClbWorker.Webhooks.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ClbWorker.Api;

public static class ApiSetup
{
    /// <summary>Largest request body any <c>/api</c> route reads.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>The HTTP API: API-key authentication, its two policies, problem+json errors and the stores it serves.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(new StartBannerLine(10, "API", "/api", "send Authorization: Bearer <key>"));
        services.AddSingleton(new StartBannerLine(20, "API reference", OpenApiDocs.ReferencePath + "/", $"OpenAPI document: {OpenApiDocs.DocumentPath}"));
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<TaskRequestValidator>();
        services.AddProblemDetails();
        // Binding failures (malformed JSON, wrong types, unknown properties, no body, not JSON) throw, so that
        // BadRequestProblemHandler can answer them with the field at fault; by default they are a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblemHandler>();
        services.AddOpenApiDocs();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
            ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Read, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireRole(ApiRoles.Admin, ApiRoles.Reader))
            .AddPolicy(ApiPolicies.Write, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireRole(ApiRoles.Admin));
        return builder;
    }

    /// <summary>
    /// Every <c>/api</c> route, each resource in its own file; all need a key, writes an admin key. Errors of any route
    /// are problem+json, and the OpenAPI document and its reference page are mapped too.
    /// </summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(ApiStatusCodePages.WriteAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        var api = app.MapGroup("/api")
            .RequireAuthorization(ApiPolicies.Read)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBodyBytes));
        api.MapTasksApi();
        api.MapWebhookEndpointsApi();
        api.MapWebhookDeliveriesApi();
        api.MapEventsApi();
        app.MapOpenApiDocs();
        return app;
    }
}
