using System.Security.Claims;
using ClbWorker.Api;
using ClbWorker.Webhooks.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClbWorker.Webhooks.Api;

/// <summary><c>/api/webhook-deliveries</c>: the outbox of notifications and its attempt log; send one again.</summary>
public static class WebhookDeliveriesApi
{
    private const string What = "webhook delivery";

    public static RouteGroupBuilder MapWebhookDeliveriesApi(this RouteGroupBuilder api)
    {
        var deliveries = api.MapGroup("/webhook-deliveries").WithTags("Webhook deliveries");
        deliveries.MapGet("/", ListAsync).WithName("ListWebhookDeliveries").WithSummary("Deliveries, newest first, a page at a time");
        deliveries.MapGet("/{id}", GetAsync).WithName("GetWebhookDelivery").WithSummary("One delivery with its body and attempts");
        deliveries.MapPost("/{id}/redeliver", RedeliverAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Send a delivery again, now");
        return deliveries;
    }

    public static async Task<Results<Ok<WebhookDeliveryPage>, ValidationProblem>> ListAsync(
        [AsParameters] WebhookDeliveryQuery query, DeliveryLogStore log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Validate(out var listQuery) is { Count: > 0 } errors)
            return ApiProblems.Invalid(errors);
        var rows = await log.ListDeliveriesAsync(listQuery, ct);
        var pageSize = listQuery.Limit - 1;
        var page = rows.Take(pageSize).Select(WebhookDeliveryResource.From).ToList();
        var next = rows.Count > pageSize ? PageCursor.Encode(PagedList.WebhookDeliveries, page[^1].Id, listQuery.Filters) : null;
        return TypedResults.Ok(new WebhookDeliveryPage(page, next));
    }

    public static async Task<Results<Ok<WebhookDeliveryDetailsResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, DeliveryLogStore log, CancellationToken ct)
    {
        if (!ApiProblems.TryParseId(id, out var deliveryId, out var invalid))
            return invalid;
        return await log.GetDeliveryAsync(deliveryId, ct) is { } details
            ? TypedResults.Ok(WebhookDeliveryDetailsResource.From(details))
            : ApiProblems.NotFound(What, deliveryId);
    }

    /// <summary>
    /// Sends a delivery again, whatever its state: a delivered or failed one goes back to pending, due now, its attempts
    /// kept; a pending one is made due now; one being sent at this moment is left to that attempt. 202: it is queued, not
    /// yet sent. A delivery to a disabled endpoint waits until the endpoint is enabled.
    /// </summary>
    public static async Task<Results<Accepted<WebhookDeliveryDetailsResource>, ValidationProblem, ProblemHttpResult>> RedeliverAsync(
        string id, DeliveryStore store, DeliveryLogStore log, TimeProvider time, ClaimsPrincipal user, ILoggerFactory logs, CancellationToken ct)
    {
        if (!ApiProblems.TryParseId(id, out var deliveryId, out var invalid))
            return invalid;
        if (!await store.RedeliverAsync(deliveryId, ct))
            return ApiProblems.NotFound(What, deliveryId);
        logs.CreateLogger(typeof(WebhookDeliveriesApi)).LogInformation(
            "Webhook delivery {DeliveryId} queued again by API key {KeyName}", deliveryId, user.Identity?.Name);
        return await log.GetDeliveryAsync(deliveryId, ct) is { } details
            ? TypedResults.Accepted($"/api/webhook-deliveries/{deliveryId}", WebhookDeliveryDetailsResource.From(details))
            : ApiProblems.NotFound(What, deliveryId);
    }
}
