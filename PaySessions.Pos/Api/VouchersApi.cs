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
        var api = routes.MapGroup("/api/v1").RequireRateLimiting(RateLimiting.ApiPolicy).DisableAntiforgery().WithTags("Vouchers")
            .ProducesProblems(StatusCodes.Status429TooManyRequests);

        // The payee signs in with a payer's context code; who the payee is comes from its secret merchant key.
        api.MapGroup("/auth").RequireMerchantKey().Authenticated(DocumentedAuth.SecretKey).MapPost("/sign-in", SignIn).ReadsJson<SignInRequest>()
            .WithSummary("Sign in as a payee to a payer's context")
            .WithDescription("With the secret key and the code the payer's wallet shows (`voucher::context::code::<CODE>`): a bearer token for that context.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);

        // Opening a context is how a payer's wallet starts: anonymous, rate-limited.
        api.MapPost("/vouchers/contexts/context-open", OpenContext)
            .WithSummary("Open a payer context")
            .WithDescription("Anonymous: the payer's wallet gets a 6-character code to show the payee, and a bearer token.");

        var secured = api.MapGroup("/vouchers").RequireVoucherToken().Authenticated(DocumentedAuth.VoucherToken)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        secured.MapPost("/contexts/{id}/context-close", CloseContext)
            .WithSummary("Close a payer context").WithDescription("The payer ends the context; its code no longer signs anyone in.");
        secured.MapPost("/sessions/session-open", OpenSession).ReadsJson<SessionOpenRequest>().ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Open a voucher session").WithDescription("The payee opens a session on the payer's context code; the payer then joins it.");
        secured.MapGet("/sessions/{id}", GetSession)
            .WithSummary("Read a voucher session").WithDescription("The session with all its vouchers as they stand now.");
        secured.MapPost("/sessions/{id}/session-join", JoinSession).ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Join a voucher session").WithDescription("The payer accepts the session the payee opened on its context.");
        secured.MapPost("/sessions/{id}/reserve-voucher", ReserveVoucher).ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Reserve a voucher").WithDescription("The payee reserves an empty voucher in an open session, to redeem with an amount next.");
        secured.MapPost("/sessions/{id}/session-close", CloseSession).ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Close a voucher session").WithDescription("The payee ends the session; no more vouchers are reserved in it.");
        secured.MapGet("/{id}", GetVoucher)
            .WithSummary("Read a voucher").WithDescription("Its status, the expected payment and how the payment stands on chain.");
        secured.MapPost("/{id}/redeem-voucher", RedeemVoucher).ReadsJson<RedeemRequest>().ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Redeem a voucher").WithDescription("The payee names what to pay: network, token, amount (a decimal string) and the wallet to pay.");
        secured.MapPost("/{id}/discard-voucher", DiscardVoucher).ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Discard a voucher").WithDescription("Withdraws the voucher, so it is no longer to be paid.");
        secured.MapPost("/{id}/resolve-voucher", ResolveVoucher).ReadsJson<ResolveRequest>()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Resolve a voucher with its receipts").WithDescription("The payer hands over the hashes of the transfers that pay it; each is checked on chain.");
        secured.MapPost("/{id}/pay-in", PayIn).ReadsJson<PayInRequest>().ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Pay a voucher in another token").WithDescription("For a redeemed, unpaid voucher: the amount in another token of its network, priced through the configured rates.");
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

    public static async Task<Results<Ok<ContextResponse>, ProblemHttpResult>> OpenContext(HttpRequest request, VoucherAuth auth, CancellationToken cancellationToken)
    {
        // No body is fine; a body that is sent must be a JSON object, or nothing is opened.
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await ApiJson.ReadAsync<System.Text.Json.Nodes.JsonObject>(request, cancellationToken);
            if (!body.Ok)
            {
                return ApiProblems.From(body.Error);
            }
        }

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
