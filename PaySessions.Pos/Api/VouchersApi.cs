using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Vouchers;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>
/// The voucher API under /api/v1, as the voucher reference (seeds/vendor-references/bleepay.md) writes it: sign-in and
/// payer contexts (<see cref="VoucherContextsApi"/>), sessions, vouchers in and outside sessions. State conflicts answer
/// 400 with the reference's codes (<see cref="VoucherProblems"/>).
/// </summary>
public static class VouchersApi
{
    public static IEndpointRouteBuilder MapVouchersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireRateLimiting(RateLimiting.ApiPolicy).DisableAntiforgery().WithTags("Vouchers")
            .ProducesProblems(StatusCodes.Status429TooManyRequests);
        var secured = api.MapGroup("/vouchers").RequireVoucherToken().Authenticated(DocumentedAuth.VoucherToken)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        api.MapVoucherContextsApi(secured);

        secured.MapPost("/sessions/session-open", OpenSession).ReadsJson<SessionOpenRequest>()
            .WithSummary("Open a voucher session").WithDescription("The payee opens a session on the payer's context code (`type` optional, `SESSION_DEFAULT`); the payer then joins it.");
        secured.MapGet("/sessions/{id}", GetSession)
            .WithSummary("Read a voucher session").WithDescription("The session with all its vouchers as they stand now.");
        secured.MapPost("/sessions/{id}/session-join", JoinSession)
            .WithSummary("Join a voucher session").WithDescription("The payer accepts the session the payee opened on its context, once (`already_joined` after).");
        secured.MapPost("/sessions/{id}/reserve-voucher", ReserveInSession)
            .WithSummary("Reserve a voucher in a session").WithDescription("The payee reserves an empty voucher (a 6-digit code) in an open session, to redeem next.");
        secured.MapPost("/sessions/{id}/session-close", CloseSession)
            .WithSummary("Close a voucher session").WithDescription("The payee ends the session; vouchers only reserved in it are discarded, redeemed ones stay payable.");

        secured.MapPost("/reserve-voucher", ReserveStandalone).ReadsJson<ReserveRequest>()
            .WithSummary("Reserve a voucher outside any session")
            .WithDescription("`{ \"code\" }`: the payee reserves a voucher with the payer's context code (the one it signed in with). Same lifecycle as a session's vouchers.");
        secured.MapGet("", QueryVouchers)
            .WithSummary("List vouchers")
            .WithDescription("A bare array, newest first: the payer's, or those the payee reserved with its context. `status` (RESERVED, REDEEMED, RESOLVED, DISCARDED, EXPIRED), `limit` (1–100, default 100), `offset`, `since` and `until` (Unix milliseconds).");
        secured.MapGet("/{id}", GetVoucher)
            .WithSummary("Read a voucher").WithDescription("Its status and type, the expected (and supplied) payment or the transaction to send, and `payments[]` with the `pay_…` ids receipts name.");
        secured.MapPost("/{id}/redeem-voucher", RedeemVoucher).ReadsJson<RedeemRequest>()
            .WithSummary("Redeem a voucher")
            .WithDescription("SIMPLE: `expectedPayment` (network, currency, currencyAddress, amount as a decimal string, wallet). CUSTOM: `networks` (1–3), one `send_transaction` payment from `{payer}`, `extras` (0–5). Not both.");
        secured.MapPost("/{id}/negotiate-voucher", NegotiateVoucher).ReadsJson<NegotiateRequest>()
            .WithSummary("Pay a SIMPLE voucher in another token")
            .WithDescription("`suppliedPayment` on the expected payment's network (`different_network` otherwise; `not_simple` for CUSTOM): we compute the amount through the configured FX rates; the expected payment stays.");
        secured.MapPost("/{id}/discard-voucher", DiscardVoucher)
            .WithSummary("Discard a voucher").WithDescription("Withdraws a reserved or unpaid redeemed voucher, so it is no longer to be paid.");
        secured.MapPost("/{id}/resolve-voucher", ResolveVoucher).ReadsJson<ResolveRequest>()
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Resolve a voucher with its receipts")
            .WithDescription("""
                1–5 `{ "paymentId": "pay_…", "txHash"? }`. With a hash the transaction is verified on chain at once (required for CUSTOM). With only
                the payment id the answer is RESOLVED if the chain already shows the matching transfer, else REDEEMED, and the voucher resolves by itself when it does.
                """);
        return routes;
    }

    public static async Task<Results<Ok<VoucherSessionResponse>, ProblemHttpResult>> OpenSession(VoucherCaller caller, HttpRequest request, OpenVoucherSession open, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<SessionOpenRequest>(request, cancellationToken);
        return body.Ok ? Session(await open.ExecuteAsync(caller.Principal, body.Value, cancellationToken)) : VoucherProblems.From(body.Error);
    }

    public static async Task<Results<Ok<VoucherSessionResponse>, ProblemHttpResult>> GetSession(string id, VoucherCaller caller, VoucherReads vouchers, CancellationToken cancellationToken) =>
        await vouchers.GetSessionAsync(caller.Principal, id, cancellationToken) is { } view
            ? TypedResults.Ok(view.Session.AsResponse(view.Vouchers, view.Payee))
            : VoucherProblems.From(PayError.NotFound("Session"));

    public static async Task<Results<Ok<VoucherSessionResponse>, ProblemHttpResult>> JoinSession(string id, VoucherCaller caller, JoinVoucherSession join, CancellationToken cancellationToken) =>
        Session(await join.ExecuteAsync(caller.Principal, id, cancellationToken));

    public static async Task<Results<Ok<VoucherSessionResponse>, ProblemHttpResult>> CloseSession(string id, VoucherCaller caller, CloseVoucherSession close, CancellationToken cancellationToken) =>
        Session(await close.ExecuteAsync(caller.Principal, id, cancellationToken));

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> ReserveInSession(string id, VoucherCaller caller, ReserveVoucher reserve, CancellationToken cancellationToken)
    {
        var reserved = await reserve.ExecuteAsync(caller.Principal, id, cancellationToken);
        return reserved.Ok ? TypedResults.Ok(reserved.Value.AsResponse(id)) : VoucherProblems.From(reserved.Error);
    }

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> ReserveStandalone(
        VoucherCaller caller, HttpRequest request, ReserveStandaloneVoucher reserve, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<ReserveRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return VoucherProblems.From(body.Error);
        }

        var reserved = await reserve.ExecuteAsync(caller.Principal, body.Value, cancellationToken);
        return reserved.Ok ? TypedResults.Ok(reserved.Value.AsResponse(null)) : VoucherProblems.From(reserved.Error);
    }

    public static async Task<Results<Ok<IReadOnlyList<VoucherResponse>>, ProblemHttpResult>> QueryVouchers(
        VoucherCaller caller, VoucherReads vouchers, string? status, string? limit, string? offset, string? since, string? until, CancellationToken cancellationToken)
    {
        var query = VoucherProblems.ReadList(limit, offset, since, until);
        if (!query.Ok)
        {
            return VoucherProblems.From(query.Error);
        }

        var wanted = Enum.GetValues<VoucherStatus>().Where(s => s.Wire() == status).Select(s => (VoucherStatus?)s).FirstOrDefault();
        if (status is not null && wanted is null)
        {
            return VoucherProblems.From(PayError.Validation("status", "status is one of RESERVED, REDEEMED, RESOLVED, DISCARDED, EXPIRED."));
        }

        var found = await vouchers.QueryVouchersAsync(caller.Principal, query.Value, wanted, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<VoucherResponse>>(found.Select(v => v.AsResponse()).ToList());
    }

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> GetVoucher(string id, VoucherCaller caller, VoucherReads vouchers, CancellationToken cancellationToken) =>
        await vouchers.GetVoucherAsync(caller.Principal, id, cancellationToken) is { } view
            ? TypedResults.Ok(view.AsResponse())
            : VoucherProblems.From(PayError.NotFound("Voucher"));

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> RedeemVoucher(
        string id, VoucherCaller caller, HttpRequest request, Core.Vouchers.RedeemVoucher redeem, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<RedeemRequest>(request, cancellationToken);
        return body.Ok ? Voucher(await redeem.ExecuteAsync(caller.Principal, id, body.Value, cancellationToken)) : VoucherProblems.From(body.Error);
    }

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> NegotiateVoucher(
        string id, VoucherCaller caller, HttpRequest request, Core.Vouchers.NegotiateVoucher negotiate, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<NegotiateRequest>(request, cancellationToken);
        return body.Ok ? Voucher(await negotiate.ExecuteAsync(caller.Principal, id, body.Value, cancellationToken)) : VoucherProblems.From(body.Error);
    }

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> DiscardVoucher(string id, VoucherCaller caller, Core.Vouchers.DiscardVoucher discard, CancellationToken cancellationToken) =>
        Voucher(await discard.ExecuteAsync(caller.Principal, id, cancellationToken));

    public static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> ResolveVoucher(
        string id, VoucherCaller caller, HttpRequest request, Core.Vouchers.ResolveVoucher resolve, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<ResolveRequest>(request, cancellationToken);
        return body.Ok ? Voucher(await resolve.ExecuteAsync(caller.Principal, id, body.Value, cancellationToken)) : VoucherProblems.From(body.Error);
    }

    private static Results<Ok<VoucherSessionResponse>, ProblemHttpResult> Session(Result<VoucherSession> result) =>
        result.Ok ? TypedResults.Ok(result.Value.AsResponse()) : VoucherProblems.From(result.Error);

    private static Results<Ok<VoucherResponse>, ProblemHttpResult> Voucher(Result<VoucherView> result) =>
        result.Ok ? TypedResults.Ok(result.Value.AsResponse()) : VoucherProblems.From(result.Error);
}
