using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Sessions;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>The checkout API's session endpoints: create, read, list assets, pick one (Initialize), cancel.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/session")
            .RequireMerchantKey()
            .RequireRateLimiting(RateLimiting.ApiPolicy)
            .DisableAntiforgery()
            .WithTags("Sessions");

        group.MapPost("", CreateSession);
        group.MapGet("{sessionId:guid}", GetSession);
        group.MapGet("{sessionId:guid}/assets", ListAssets);
        group.MapPost("{sessionId:guid}/transaction", PickTransaction);
        group.MapPost("{sessionId:guid}/cancel", CancelSession);
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

        var picked = await sessions.PickAsync(sessionId, caller.Merchant.MerchantId, body.Value.Asset, body.Value.Network, cancellationToken);
        return picked.Ok ? TypedResults.Ok(picked.Value.AsResponse(time.GetUtcNow().UtcDateTime)) : ApiProblems.From(picked.Error);
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> CancelSession(
        Guid sessionId, ApiCaller caller, HttpRequest request, SessionService sessions, CheckoutLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        var canceled = await sessions.CancelAsync(sessionId, caller.Merchant.MerchantId, cancellationToken);
        return canceled.Ok
            ? TypedResults.Ok(canceled.Value.AsResponse(links.For(canceled.Value.Id, request), time.GetUtcNow().UtcDateTime))
            : ApiProblems.From(canceled.Error);
    }
}
