using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Webhooks;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>
/// Webhook endpoints for integrators, with the secret key only: create, list, delete, rotate the secret, read the
/// delivery log, retry. Another store's endpoint or delivery is "not found". The checkout vendor's create route
/// (<c>/accounts/{accountID}/webhooks</c>) registers an endpoint that gets that vendor's payload.
/// </summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapManagementGroup("/webhooks", "Webhooks");

        group.MapPost("", Create).ReadsJson<CreateWebhookRequest>()
            .ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Register a webhook endpoint")
            .WithDescription("`events` lists the types to send (leave it out for all). The `secret` (`whsec_…`) signs every delivery "
                + "the Standard Webhooks way and is shown only in this answer. In Production the URL must be https and must not "
                + "resolve to a loopback, private, link-local or metadata address.");
        group.MapGet("", List)
            .WithSummary("List webhook endpoints")
            .WithDescription("Every endpoint of the store, without secrets; a disabled one says why.");
        group.MapDelete("{webhookId}", Delete)
            .WithSummary("Delete a webhook endpoint")
            .WithDescription("Nothing more is sent to it; deliveries still waiting are canceled. Its delivery log stays readable.");
        group.MapPost("{webhookId}/rotate-secret", RotateSecret)
            .WithSummary("Rotate the signing secret")
            .WithDescription("A new secret signs every attempt from now on, retries of older messages included; the old one stops at once.");
        group.MapPost("{webhookId}/enable", Enable)
            .WithSummary("Enable a disabled endpoint")
            .WithDescription("After an endpoint was disabled for failing too long: what waited is delivered, oldest first.");
        group.MapGet("{webhookId}/deliveries", Deliveries)
            .WithSummary("Read an endpoint's delivery log")
            .WithDescription("Newest first. `status` filters (`pending`, `delivered`, `failed`, `canceled`); `limit` 1–100 (default 50); "
                + "`cursor` is the previous page's `nextCursor`.");
        group.MapPost("{webhookId}/retry-failed", RetryFailed).ReadsJson<RetryFailedRequest>()
            .WithSummary("Retry every failed delivery since a time")
            .WithDescription("Each failed delivery created at or after `since` (ISO 8601) is sent again with its own id and body.");
        group.MapGet("deliveries/{deliveryId}/attempts", Attempts)
            .WithSummary("Read one delivery's attempts")
            .WithDescription("Time, HTTP status, duration and the first 1 KB of the receiver's answer of each attempt.");
        group.MapPost("deliveries/{deliveryId}/retry", Retry)
            .ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Retry one delivery")
            .WithDescription("Sent again now with the same `webhook-id` and body; its retry schedule starts over. A delivered message is not resent (409).");

        var checkout = routes.MapManagementGroup("/accounts/{accountId:guid}/webhooks", "Webhooks").RequireOwnAccount();
        checkout.MapPost("", CreateCheckout).ReadsJson<CreateCheckoutWebhookRequest>()
            .ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Register a webhook (checkout vendor's format)")
            .WithDescription("The endpoint gets one message per transaction status change: `accountID`, `lydianpayTransactionID`, "
                + "`merchantTransactionID` (the session's `referenceNumber`), `status` (integer), `timestamp`, `merchantID`; signed "
                + "like every webhook with the returned `secret`. Manage it under `/webhooks` by its `uuid`.");
        return routes;
    }

    public static async Task<Results<Created<IssuedWebhookResponse>, ProblemHttpResult>> Create(
        ApiCaller caller, HttpRequest request, CreateWebhookEndpoint create, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<CreateWebhookRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var created = await create.ExecuteAsync(caller.Merchant.MerchantId, WebhookFormat.Standard, body.Value.Url, body.Value.Events, body.Value.Description, cancellationToken);
        return created.Ok
            ? TypedResults.Created($"/webhooks/{created.Value.Endpoint.Id}", Issued(created.Value))
            : ApiProblems.From(created.Error);
    }

    public static async Task<Ok<WebhookListResponse>> List(ApiCaller caller, WebhookReads reads, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookListResponse((await reads.EndpointsAsync(caller.Merchant.MerchantId, cancellationToken)).Select(WebhookResponse.Of).ToList()));

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string webhookId, ApiCaller caller, ChangeWebhookEndpoint change, CancellationToken cancellationToken)
    {
        var deleted = await change.DeleteAsync(caller.Merchant.MerchantId, webhookId, cancellationToken);
        return deleted.Ok ? TypedResults.NoContent() : ApiProblems.From(deleted.Error);
    }

    public static async Task<Results<Ok<IssuedWebhookResponse>, ProblemHttpResult>> RotateSecret(
        string webhookId, ApiCaller caller, ChangeWebhookEndpoint change, CancellationToken cancellationToken)
    {
        var rotated = await change.RotateSecretAsync(caller.Merchant.MerchantId, webhookId, cancellationToken);
        return rotated.Ok ? TypedResults.Ok(Issued(rotated.Value)) : ApiProblems.From(rotated.Error);
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Enable(
        string webhookId, ApiCaller caller, ChangeWebhookEndpoint change, CancellationToken cancellationToken)
    {
        var enabled = await change.EnableAsync(caller.Merchant.MerchantId, webhookId, cancellationToken);
        return enabled.Ok ? TypedResults.Ok(WebhookResponse.Of(enabled.Value)) : ApiProblems.From(enabled.Error);
    }

    public static async Task<Results<Ok<WebhookDeliveryListResponse>, ProblemHttpResult>> Deliveries(
        string webhookId, ApiCaller caller, WebhookReads reads, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        WebhookDeliveryStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<WebhookDeliveryStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return ApiProblems.From(PayError.Validation("status", "status is one of pending, delivered, failed, canceled."));
            }

            wanted = parsed;
        }

        if (limit is < 1 or > WebhookReads.MaxPageSize)
        {
            return ApiProblems.From(PayError.Validation("limit", $"limit is between 1 and {WebhookReads.MaxPageSize}."));
        }

        var page = await reads.DeliveriesAsync(caller.Merchant.MerchantId, webhookId, limit ?? 50, cursor, wanted, cancellationToken);
        return page is null
            ? ApiProblems.From(PayError.NotFound("Webhook endpoint"))
            : TypedResults.Ok(new WebhookDeliveryListResponse(page.Deliveries.Select(WebhookDeliveryResponse.Of).ToList(), page.NextCursor));
    }

    public static async Task<Results<Ok<WebhookAttemptListResponse>, ProblemHttpResult>> Attempts(
        string deliveryId, ApiCaller caller, WebhookReads reads, CancellationToken cancellationToken)
    {
        var attempts = await reads.AttemptsAsync(caller.Merchant.MerchantId, deliveryId, cancellationToken);
        return attempts is null
            ? ApiProblems.From(PayError.NotFound("Webhook delivery"))
            : TypedResults.Ok(new WebhookAttemptListResponse(attempts.Select(a => new WebhookAttemptResponse(a.At, a.StatusCode, a.DurationMs, a.Error, a.Response)).ToList()));
    }

    public static async Task<Results<Ok<WebhookDeliveryResponse>, ProblemHttpResult>> Retry(
        string deliveryId, ApiCaller caller, RetryWebhookDeliveries retry, CancellationToken cancellationToken)
    {
        var retried = await retry.OneAsync(caller.Merchant.MerchantId, deliveryId, cancellationToken);
        return retried.Ok ? TypedResults.Ok(WebhookDeliveryResponse.Of(retried.Value)) : ApiProblems.From(retried.Error);
    }

    public static async Task<Results<Ok<RetryFailedResponse>, ProblemHttpResult>> RetryFailed(
        string webhookId, ApiCaller caller, HttpRequest request, RetryWebhookDeliveries retry, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<RetryFailedRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        if (body.Value.Since is not { } since)
        {
            return ApiProblems.From(PayError.Validation("since", "since is required: an ISO 8601 time, e.g. 2026-11-22T08:00:00Z."));
        }

        var retried = await retry.FailedSinceAsync(caller.Merchant.MerchantId, webhookId, since.ToUniversalTime(), cancellationToken);
        return retried.Ok ? TypedResults.Ok(new RetryFailedResponse(retried.Value)) : ApiProblems.From(retried.Error);
    }

    public static async Task<Results<Ok<CreatedCheckoutWebhookResponse>, ProblemHttpResult>> CreateCheckout(
        ApiCaller caller, HttpRequest request, CreateWebhookEndpoint create, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<CreateCheckoutWebhookRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var created = await create.ExecuteAsync(caller.Merchant.MerchantId, WebhookFormat.Checkout, body.Value.Url, null, body.Value.Name, cancellationToken);
        if (!created.Ok)
        {
            return ApiProblems.From(created.Error);
        }

        var endpoint = created.Value.Endpoint;
        return TypedResults.Ok(new CreatedCheckoutWebhookResponse(endpoint.Uuid.ToString(), endpoint.Description, endpoint.Url, created.Value.Secret));
    }

    private static IssuedWebhookResponse Issued(IssuedWebhookEndpoint issued) =>
        new(issued.Endpoint.Id, issued.Endpoint.Url, issued.Endpoint.Events, issued.Endpoint.Description, issued.Secret);
}
