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
        group.MapGet("{sessionId}", GetSession);
        group.MapGet("{sessionId}/assets", ListAssets);
        group.MapPost("{sessionId}/transaction", PickTransaction);
        group.MapPost("{sessionId}/cancel", CancelSession);
        return routes;
    }

    public static async Task<Results<Ok<CreatedSessionResponse>, ProblemHttpResult>> CreateSession(
        HttpContext http, SessionService sessions, CheckoutLinks links, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<CreateSessionRequest>(http.Request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var created = await sessions.CreateAsync(http.Caller(), body.Value, cancellationToken);
        return created.Ok
            ? TypedResults.Ok(new CreatedSessionResponse(created.Value.Id.ToString(), links.For(created.Value.Id, http.Request)))
            : ApiProblems.From(created.Error);
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetSession(
        string sessionId, HttpContext http, SessionService sessions, CheckoutLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        var session = Guid.TryParse(sessionId, out var id) ? await sessions.FindAsync(id, http.Caller().MerchantId, cancellationToken) : null;
        return session is null
            ? ApiProblems.From(PayError.NotFound("Session"))
            : TypedResults.Ok(session.AsResponse(links.For(session.Id, http.Request), time.GetUtcNow().UtcDateTime));
    }

    public static async Task<Results<Ok<List<AssetResponse>>, ProblemHttpResult>> ListAssets(
        string sessionId, HttpContext http, SessionService sessions, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(sessionId, out var id))
        {
            return ApiProblems.From(PayError.NotFound("Session"));
        }

        var quotes = await sessions.QuotesAsync(id, http.Caller().MerchantId, cancellationToken);
        return quotes.Ok ? TypedResults.Ok(quotes.Value.Select(q => q.AsResponse()).ToList()) : ApiProblems.From(quotes.Error);
    }

    public static async Task<Results<Ok<TransactionResponse>, ProblemHttpResult>> PickTransaction(
        string sessionId, HttpContext http, SessionService sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(sessionId, out var id))
        {
            return ApiProblems.From(PayError.NotFound("Session"));
        }

        var body = await ApiJson.ReadAsync<PickTransactionRequest>(http.Request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var picked = await sessions.PickAsync(id, http.Caller().MerchantId, body.Value.Asset, body.Value.Network, cancellationToken);
        return picked.Ok ? TypedResults.Ok(picked.Value.AsResponse(time.GetUtcNow().UtcDateTime)) : ApiProblems.From(picked.Error);
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> CancelSession(
        string sessionId, HttpContext http, SessionService sessions, CheckoutLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(sessionId, out var id))
        {
            return ApiProblems.From(PayError.NotFound("Session"));
        }

        var canceled = await sessions.CancelAsync(id, http.Caller().MerchantId, cancellationToken);
        return canceled.Ok
            ? TypedResults.Ok(canceled.Value.AsResponse(links.For(canceled.Value.Id, http.Request), time.GetUtcNow().UtcDateTime))
            : ApiProblems.From(canceled.Error);
    }
}
