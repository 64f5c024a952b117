using PaySessions.Core.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Sessions;
using PaySessions.Pos.Hosting;
using PaySessions.Pos.Hubs;

namespace PaySessions.Pos.Api;

/// <summary>The checkout API's session endpoints: create, read, list assets, pick one (Initialize), cancel, and a live token to follow one.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/session")
            .RequireMerchantKey()
            .RequireRateLimiting(RateLimiting.ApiPolicy)
            .DisableAntiforgery()
            .WithTags("Sessions")
            .Authenticated(DocumentedAuth.PublishableKey, DocumentedAuth.SecretKey)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);

        group.MapPost("", CreateSession).ReadsJson<CreateSessionRequest>()
            .WithSummary("Create a checkout session")
            .WithDescription("Starts a sale for a fiat amount. `qrData` is the checkout link the customer opens. `fxRate` "
                + "(token units per unit of `amountCurrency`) only with the secret key; 403 `fx_rate_requires_api_key` otherwise.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        group.MapGet("{sessionId:guid}", GetSession)
            .WithSummary("Read a session")
            .WithDescription("Its current status (0 pending, 1 succeeded, 2 processing, 3 canceled, 5 expired) and `transactionID` once the customer has picked.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("{sessionId:guid}/assets", ListAssets)
            .WithSummary("List what the customer may pay with")
            .WithDescription("Every asset and network the merchant accepts that can be priced in the session's currency, with the estimated token amount.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone);
        group.MapPost("{sessionId:guid}/transaction", PickTransaction).ReadsJson<PickTransactionRequest>()
            .WithSummary("Pick an asset and network")
            .WithDescription("Opens the transaction the customer pays: recipient, exact token amount (a decimal string) and an EIP-681 `uri`. "
                + "Picking again cancels the previous transaction.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone, StatusCodes.Status503ServiceUnavailable);
        group.MapPost("{sessionId:guid}/cancel", CancelSession)
            .WithSummary("Cancel a session")
            .WithDescription("Cancels a pending session and its open transaction; a paid or processing one answers 409.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("{sessionId:guid}/live-token", IssueLiveToken)
            .WithSummary("Get a token to follow a session live")
            .WithDescription("A token for the SignalR hub at `/hubs/events`: a customer-facing display connects with it as its "
                + "access token (within 15 minutes; the connection then stays open) and hears this session's events only, each as "
                + "the client method `event` with the webhook payload. Revoking the key that asked for it refuses the token and "
                + "closes its connections.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Ok<CreatedSessionResponse>, ProblemHttpResult>> CreateSession(
        ApiCaller caller, HttpRequest request, SessionService sessions, CheckoutLinks links, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<CreateSessionRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var created = await sessions.CreateAsync(caller.Merchant, body.Value, cancellationToken);
        return created.Ok
            ? TypedResults.Ok(new CreatedSessionResponse(created.Value.Id.ToString(), links.For(created.Value.Id, request)))
            : ApiProblems.From(created.Error);
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetSession(
        Guid sessionId, ApiCaller caller, HttpRequest request, SessionService sessions, CheckoutLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(sessionId, caller.Merchant.MerchantId, cancellationToken);
        return session is null
            ? ApiProblems.From(PayError.NotFound("Session"))
            : TypedResults.Ok(session.AsResponse(links.For(session.Id, request), time.GetUtcNow().UtcDateTime));
    }

    public static async Task<Results<Ok<List<AssetResponse>>, ProblemHttpResult>> ListAssets(
        Guid sessionId, ApiCaller caller, SessionService sessions, CancellationToken cancellationToken)
    {
        var quotes = await sessions.QuotesAsync(sessionId, caller.Merchant.MerchantId, cancellationToken);
        return quotes.Ok ? TypedResults.Ok(quotes.Value.Select(q => q.AsResponse()).ToList()) : ApiProblems.From(quotes.Error);
    }

    public static async Task<Results<Ok<TransactionResponse>, ProblemHttpResult>> PickTransaction(
        Guid sessionId, ApiCaller caller, HttpRequest request, SessionService sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<PickTransactionRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var picked = await sessions.PickForSaleAsync(sessionId, caller.Merchant.MerchantId, body.Value.Asset, body.Value.Network, cancellationToken);
        return picked.Ok
            ? TypedResults.Ok(picked.Value.Payment.AsResponse(picked.Value.Session, time.GetUtcNow().UtcDateTime))
            : ApiProblems.From(picked.Error);
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> CancelSession(
        Guid sessionId, ApiCaller caller, HttpRequest request, SessionService sessions, CheckoutLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        var actor = caller.Merchant.KeyId is { } keyId ? Actors.Key(keyId) : null;
        var canceled = await sessions.CancelAsync(sessionId, caller.Merchant.MerchantId, cancellationToken, actor);
        return canceled.Ok
            ? TypedResults.Ok(canceled.Value.AsResponse(links.For(canceled.Value.Id, request), time.GetUtcNow().UtcDateTime))
            : ApiProblems.From(canceled.Error);
    }

    public static async Task<Results<Ok<LiveTokenResponse>, ProblemHttpResult>> IssueLiveToken(
        Guid sessionId, ApiCaller caller, SessionService sessions, LiveTokens tokens, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(sessionId, caller.Merchant.MerchantId, cancellationToken);
        if (session is null)
        {
            return ApiProblems.From(PayError.NotFound("Session"));
        }

        // Every caller of this API came with a key (ApiAuth); the token names it so revoking the key ends the token too.
        var (token, expiresAt) = tokens.Issue(caller.Merchant.MerchantId, session.Id, caller.Merchant.KeyId!.Value);
        return TypedResults.Ok(new LiveTokenResponse(token, expiresAt));
    }
}
