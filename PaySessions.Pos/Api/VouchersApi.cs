using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Vouchers;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>The voucher session API under /api/v1: sign-in, payer contexts, sessions and their vouchers.</summary>
public static class VouchersApi
{
    public static IEndpointRouteBuilder MapVouchersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireRateLimiting(RateLimiting.ApiPolicy).DisableAntiforgery().WithTags("Vouchers");

        // The payee signs in with a payer's context code; who the payee is comes from its secret merchant key.
        api.MapGroup("/auth").RequireMerchantKey().MapPost("/sign-in", SignIn);

        // Opening a context is how a payer's wallet starts: anonymous, rate-limited.
        api.MapPost("/vouchers/contexts/context-open", OpenContext);

        var secured = api.MapGroup("/vouchers").RequireVoucherToken();
        secured.MapPost("/contexts/{id}/context-close", CloseContext);
        secured.MapPost("/sessions/session-open", OpenSession);
        secured.MapGet("/sessions/{id}", GetSession);
        secured.MapPost("/sessions/{id}/session-join", JoinSession);
        secured.MapPost("/sessions/{id}/reserve-voucher", ReserveVoucher);
        secured.MapPost("/sessions/{id}/session-close", CloseSession);
        secured.MapGet("/{id}", GetVoucher);
        secured.MapPost("/{id}/redeem-voucher", RedeemVoucher);
        secured.MapPost("/{id}/discard-voucher", DiscardVoucher);
        secured.MapPost("/{id}/resolve-voucher", ResolveVoucher);
        secured.MapPost("/{id}/pay-in", PayIn);
        return routes;
    }

    public static async Task<Results<Ok<SignInResponse>, ProblemHttpResult>> SignIn(ApiCaller caller, HttpRequest request, VoucherAuth auth, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<SignInRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        if (caller.Merchant.KeyKind != PaySessions.Core.Merchants.ApiKeyKind.Secret)
        {
            // A publishable key is public by design; acting as a payee (naming wallets to pay) needs the secret key.
            return ApiProblems.From(new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, "Sign in as a payee with the secret X-Api-Key, not the publishable key."));
        }

        var signedIn = await auth.SignInAsync(caller.Merchant, body.Value.Type, body.Value.Data?.Resource, cancellationToken);
        return signedIn.Ok ? TypedResults.Ok(new SignInResponse(signedIn.Value.Token, "Bearer", signedIn.Value.ExpiresAt)) : ApiProblems.From(signedIn.Error);
    }

    public static async Task<Ok<ContextResponse>> OpenContext(VoucherAuth auth, CancellationToken cancellationToken)
    {
        var (context, token, expiresAt) = await auth.OpenContextAsync(cancellationToken);
        return TypedResults.Ok(new ContextResponse(context.PublicId, context.Code, "OPEN", token, expiresAt));
    }

    public static async Task<Results<Ok<ContextResponse>, ProblemHttpResult>> CloseContext(string id, VoucherCaller caller, VoucherAuth auth, CancellationToken cancellationToken)
    {
        var closed = await auth.CloseContextAsync(caller.Principal, id, cancellationToken);
        return closed.Ok ? TypedResults.Ok(new ContextResponse(closed.Value.PublicId, closed.Value.Code, "CLOSED")) : ApiProblems.From(closed.Error);
    }

    public static async Task<Results<Ok<VoucherSessionResponse>, ProblemHttpResult>> OpenSession(VoucherCaller caller, HttpRequest request, OpenVoucherSession open, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<SessionOpenRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        return Session(await open.ExecuteAsync(caller.Principal, body.Value, cancellationToken));
    }

    public static async Task<Results<Ok<VoucherSessionResponse>, ProblemHttpResult>> GetSession(string id, VoucherCaller caller, VoucherReads vouchers, CancellationToken cancellationToken) =>
        await vouchers.GetSessionAsync(caller.Principal, id, cancellationToken) is { } view
            ? TypedResults.Ok(view.Session.AsResponse(view.Vouchers))
            : ApiProblems.From(PayError.NotFound("Session"));

    public static async Task<Results<Ok<VoucherSessionResponse>, ProblemHttpResult>> JoinSession(string id, VoucherCaller caller, JoinVoucherSession join, CancellationToken cancellationToken) =>
        Session(await join.ExecuteAsync(caller.Principal, id, cancellationToken));

    public static async Task<Results<Ok<VoucherSessionResponse>, ProblemHttpResult>> CloseSession(string id, VoucherCaller caller, CloseVoucherSession close, CancellationToken cancellationToken) =>
        Session(await close.ExecuteAsync(caller.Principal, id, cancellationToken));

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> ReserveVoucher(string id, VoucherCaller caller, Core.Vouchers.ReserveVoucher reserve, CancellationToken cancellationToken)
    {
        var reserved = await reserve.ExecuteAsync(caller.Principal, id, cancellationToken);
        return reserved.Ok ? TypedResults.Ok(reserved.Value.AsResponse(id)) : ApiProblems.From(reserved.Error);
    }

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> GetVoucher(string id, VoucherCaller caller, VoucherReads vouchers, CancellationToken cancellationToken) =>
        await vouchers.GetVoucherAsync(caller.Principal, id, cancellationToken) is { } view
            ? TypedResults.Ok(view.AsResponse())
            : ApiProblems.From(PayError.NotFound("Voucher"));

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> RedeemVoucher(string id, VoucherCaller caller, HttpRequest request, Core.Vouchers.RedeemVoucher redeem, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<RedeemRequest>(request, cancellationToken);
        return body.Ok ? Voucher(await redeem.ExecuteAsync(caller.Principal, id, body.Value, cancellationToken)) : ApiProblems.From(body.Error);
    }

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> DiscardVoucher(string id, VoucherCaller caller, Core.Vouchers.DiscardVoucher discard, CancellationToken cancellationToken) =>
        Voucher(await discard.ExecuteAsync(caller.Principal, id, cancellationToken));

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> ResolveVoucher(string id, VoucherCaller caller, HttpRequest request, Core.Vouchers.ResolveVoucher resolve, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<ResolveRequest>(request, cancellationToken);
        return body.Ok ? Voucher(await resolve.ExecuteAsync(caller.Principal, id, body.Value, cancellationToken)) : ApiProblems.From(body.Error);
    }

    /// <summary>FX for SIMPLE vouchers: the payer chooses to pay in another token of the voucher's network, priced through the configured rates.</summary>
    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> PayIn(string id, VoucherCaller caller, HttpRequest request, PayVoucherInToken payIn, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<PayInRequest>(request, cancellationToken);
        return body.Ok ? Voucher(await payIn.ExecuteAsync(caller.Principal, id, body.Value.Asset, cancellationToken)) : ApiProblems.From(body.Error);
    }

    private static Results<Ok<VoucherSessionResponse>, ProblemHttpResult> Session(Result<VoucherSession> result) =>
        result.Ok ? TypedResults.Ok(result.Value.AsResponse()) : ApiProblems.From(result.Error);

    private static Results<Ok<VoucherResponse>, ProblemHttpResult> Voucher(Result<VoucherView> result) =>
        result.Ok ? TypedResults.Ok(result.Value.AsResponse()) : ApiProblems.From(result.Error);
}
