using System.Security.Claims;
using ClbWorker.Api;
using ClbWorker.Webhooks.Endpoints;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks.Api;

/// <summary>
/// <c>/api/webhook-endpoints</c>: register receivers of notifications, rotate their secrets, stop and resume them, and
/// send their failed deliveries again. A secret is shown once, in the answer that sets it. Endpoints defined in
/// configuration (<c>source: config</c>) are managed there: deleting one or rotating its secret answers 409, since the
/// next start would put configuration's values back; disabling and enabling them is allowed.
/// </summary>
public static class WebhookEndpointsApi
{
    private const string What = "webhook endpoint";

    public static RouteGroupBuilder MapWebhookEndpointsApi(this RouteGroupBuilder api)
    {
        var endpoints = api.MapGroup("/webhook-endpoints").WithTags("Webhook endpoints");
        endpoints.MapPost("/", CreateAsync).RequireAuthorization(ApiPolicies.Write)
            .WithName("CreateWebhookEndpoint").WithSummary("Register an endpoint; the answer shows its secret, once");
        endpoints.MapGet("/", ListAsync).WithName("ListWebhookEndpoints").WithSummary("Every endpoint, without secrets");
        endpoints.MapGet("/{id}", GetAsync).WithName("GetWebhookEndpoint").WithSummary("One endpoint, without its secret");
        endpoints.MapDelete("/{id}", DeleteAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Delete an endpoint with its deliveries and their log; pending ones are never sent");
        endpoints.MapPost("/{id}/rotate-secret", RotateSecretAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("New signing secret, shown once; the old one keeps signing during the overlap");
        endpoints.MapPost("/{id}/disable", DisableAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Stop sending; its pending deliveries wait");
        endpoints.MapPost("/{id}/enable", EnableAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Resume sending; its waiting deliveries are due at once");
        endpoints.MapPost("/{id}/recover", RecoverAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Send again its failed deliveries created since a time");
        return endpoints;
    }

    public static async Task<Results<Created<WebhookEndpointWithSecret>, ValidationProblem>> CreateAsync(
        CreateWebhookEndpointRequest request, WebhookEndpointStore store, WebhookUrlPolicy urls, TimeProvider time,
        ClaimsPrincipal user, ILoggerFactory logs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate(urls) is { Count: > 0 } errors)
            return ApiProblems.Invalid(errors);
        var secret = request.Secret is null ? WebhookSecret.Generate() : WebhookSecret.Parse(request.Secret);
        var now = time.GetUtcNow();
        WebhookEndpoint endpoint;
        try
        {
            endpoint = await store.CreateAsync(request.Url!, secret.Reveal(), request.ValidEventTypes, now, ct);
        }
        catch (ArgumentException error) // the table's own checks, which the validation above mirrors
        {
            return ApiProblems.Invalid(JsonName(error.ParamName), error.Message);
        }
        Log(logs).LogInformation("Webhook endpoint {EndpointId} created by API key {KeyName}", endpoint.Id, user.Identity?.Name);
        return TypedResults.Created($"/api/webhook-endpoints/{endpoint.Id}",
            new WebhookEndpointWithSecret(WebhookEndpointResource.From(endpoint, now), secret.Reveal()));
    }

    public static async Task<Ok<WebhookEndpointList>> ListAsync(WebhookEndpointStore store, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(new WebhookEndpointList([.. (await store.ListAsync(ct)).Select(e => WebhookEndpointResource.From(e, now))]));
    }

    public static async Task<Results<Ok<WebhookEndpointResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, WebhookEndpointStore store, TimeProvider time, CancellationToken ct)
    {
        if (!ApiProblems.TryParseId(id, out var endpointId, out var invalid))
            return invalid;
        return await store.GetAsync(endpointId, ct) is { } endpoint
            ? TypedResults.Ok(WebhookEndpointResource.From(endpoint, time.GetUtcNow()))
            : ApiProblems.NotFound(What, endpointId);
    }

    /// <summary>
    /// Deletes an API-created endpoint. Its deliveries and their attempts go with it (the foreign keys cascade): pending
    /// ones are never sent, and only a request already in flight may still arrive. Disable it instead to keep the log.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string id, WebhookEndpointStore store, ClaimsPrincipal user, ILoggerFactory logs, CancellationToken ct)
    {
        if (!ApiProblems.TryParseId(id, out var endpointId, out var invalid))
            return invalid;
        var endpoint = await store.GetAsync(endpointId, ct);
        if (endpoint is null)
            return ApiProblems.NotFound(What, endpointId);
        if (endpoint.Source == WebhookEndpointSources.Config)
            return ManagedByConfiguration(endpoint, "deleted",
                "To stop it, remove it from configuration (it is then disabled at the next start, its log kept) or disable it: "
                + $"POST /api/webhook-endpoints/{endpointId}/disable.");
        if (!await store.DeleteAsync(endpointId, ct))
            return ApiProblems.NotFound(What, endpointId);
        Log(logs).LogInformation("Webhook endpoint {EndpointId} deleted by API key {KeyName}", endpointId, user.Identity?.Name);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Makes a new secret (the one given, or a generated one) sign the endpoint's notifications. The current secret keeps
    /// signing too until the overlap ends, so messages carry two v1 signatures meanwhile; an overlap of 0 drops it at once.
    /// </summary>
    public static async Task<Results<Ok<WebhookEndpointWithSecret>, ValidationProblem, ProblemHttpResult>> RotateSecretAsync(
        string id, RotateWebhookSecretRequest? request, WebhookEndpointStore store, IOptions<WebhookOptions> options,
        TimeProvider time, ClaimsPrincipal user, ILoggerFactory logs, CancellationToken ct)
    {
        if (!ApiProblems.TryParseId(id, out var endpointId, out var invalid))
            return invalid;
        request ??= new RotateWebhookSecretRequest(null, null);
        if (request.Validate(options.Value.SecretRotationOverlap, out var overlap) is { Count: > 0 } errors)
            return ApiProblems.Invalid(errors);
        var endpoint = await store.GetAsync(endpointId, ct);
        if (endpoint is null)
            return ApiProblems.NotFound(What, endpointId);
        if (endpoint.Source == WebhookEndpointSources.Config)
            return ManagedByConfiguration(endpoint, "given a new secret here",
                $"Set {ConfigKey(endpoint)}:Secret to the new secret and restart: the old one keeps signing for "
                + $"{WebhookOptions.Section}:SecretRotationOverlap.");

        var secret = request.Secret is null ? WebhookSecret.Generate() : WebhookSecret.Parse(request.Secret);
        var now = time.GetUtcNow();
        var rotated = await store.RotateSecretAsync(endpointId, secret.Reveal(), now + overlap, now, ct);
        if (rotated is null)
            return ApiProblems.NotFound(What, endpointId);
        Log(logs).LogInformation("Webhook endpoint {EndpointId}: secret rotated by API key {KeyName}, the old one signing until {OverlapEnds}",
            endpointId, user.Identity?.Name, now + overlap);
        return TypedResults.Ok(new WebhookEndpointWithSecret(WebhookEndpointResource.From(rotated, now), secret.Reveal()));
    }

    /// <summary>Stops sending to the endpoint; its pending deliveries wait (none are added meanwhile). Disabling twice keeps the first reason.</summary>
    public static async Task<Results<Ok<WebhookEndpointResource>, ValidationProblem, ProblemHttpResult>> DisableAsync(
        string id, WebhookEndpointStore store, TimeProvider time, ClaimsPrincipal user, ILoggerFactory logs, CancellationToken ct)
    {
        if (!ApiProblems.TryParseId(id, out var endpointId, out var invalid))
            return invalid;
        var now = time.GetUtcNow();
        if (!await store.DisableAsync(endpointId, $"disabled through the API (key '{user.Identity?.Name}')", now, ct))
            return ApiProblems.NotFound(What, endpointId);
        Log(logs).LogInformation("Webhook endpoint {EndpointId} disabled by API key {KeyName}", endpointId, user.Identity?.Name);
        return await AnswerAsync(store, endpointId, now, ct);
    }

    /// <summary>Resumes sending: its waiting deliveries are due at once; failed ones stay failed (recover them).</summary>
    public static async Task<Results<Ok<WebhookEndpointResource>, ValidationProblem, ProblemHttpResult>> EnableAsync(
        string id, WebhookEndpointStore store, TimeProvider time, ClaimsPrincipal user, ILoggerFactory logs, CancellationToken ct)
    {
        if (!ApiProblems.TryParseId(id, out var endpointId, out var invalid))
            return invalid;
        var endpoint = await store.GetAsync(endpointId, ct);
        if (endpoint is null)
            return ApiProblems.NotFound(What, endpointId);
        if (endpoint is { Source: WebhookEndpointSources.Config, Enabled: false, DisabledReason: ConfiguredEndpoint.RemovedReason })
            return ManagedByConfiguration(endpoint, "enabled here: it is no longer in configuration",
                $"Add {ConfigKey(endpoint)} back to configuration and restart.");
        var now = time.GetUtcNow();
        if (!await store.EnableAsync(endpointId, now, ct))
            return ApiProblems.NotFound(What, endpointId);
        Log(logs).LogInformation("Webhook endpoint {EndpointId} enabled by API key {KeyName}", endpointId, user.Identity?.Name);
        return await AnswerAsync(store, endpointId, now, ct);
    }

    /// <summary>Sends again every failed delivery of the endpoint created at or after <c>since</c>, e.g. once its receiver is fixed.</summary>
    public static async Task<Results<Ok<RecoveredDeliveries>, ValidationProblem, ProblemHttpResult>> RecoverAsync(
        string id, RecoverWebhookDeliveriesRequest request, WebhookEndpointStore endpoints, DeliveryStore deliveries,
        TimeProvider time, ClaimsPrincipal user, ILoggerFactory logs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ApiProblems.TryParseId(id, out var endpointId, out var invalid))
            return invalid;
        var now = time.GetUtcNow();
        if (request.Validate(now, out var since) is { Count: > 0 } errors)
            return ApiProblems.Invalid(errors);
        if (await endpoints.GetAsync(endpointId, ct) is null)
            return ApiProblems.NotFound(What, endpointId);
        var requeued = await deliveries.RecoverAsync(endpointId, since, ct);
        Log(logs).LogInformation("Webhook endpoint {EndpointId}: {Requeued} failed deliveries since {Since} requeued by API key {KeyName}",
            endpointId, requeued, since, user.Identity?.Name);
        return TypedResults.Ok(new RecoveredDeliveries(endpointId, since, requeued));
    }

    private static async Task<Results<Ok<WebhookEndpointResource>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        WebhookEndpointStore store, long endpointId, DateTimeOffset now, CancellationToken ct) =>
        await store.GetAsync(endpointId, ct) is { } endpoint
            ? TypedResults.Ok(WebhookEndpointResource.From(endpoint, now))
            : ApiProblems.NotFound(What, endpointId);

    private static ProblemHttpResult ManagedByConfiguration(WebhookEndpoint endpoint, string cannotBe, string instead) =>
        ApiProblems.Conflict("Endpoint is managed by configuration",
            $"Webhook endpoint {endpoint.Id} is defined in configuration as {ConfigKey(endpoint)} and cannot be {cannotBe}; "
            + $"the next start would put configuration's values back. {instead}");

    private static string ConfigKey(WebhookEndpoint endpoint) =>
        $"{WebhookOptions.Section}:Endpoints:{endpoint.Name?[ConfiguredEndpoint.NamePrefix.Length..]}";

    private static string JsonName(string? parameter) =>
        string.IsNullOrEmpty(parameter) ? "body" : char.ToLowerInvariant(parameter[0]) + parameter[1..];

    private static ILogger Log(ILoggerFactory logs) => logs.CreateLogger(typeof(WebhookEndpointsApi));
}
