using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Api;

/// <summary>Sign-in and payer contexts of the voucher API (reference sections 1.1 and 2).</summary>
public static class VoucherContextsApi
{
    /// <summary>Maps onto the voucher API's <c>/api/v1</c> group and its bearer-token group <c>/api/v1/vouchers</c>.</summary>
    public static void MapVoucherContextsApi(this RouteGroupBuilder api, RouteGroupBuilder secured)
    {
        api.MapPost("/auth/sign-in", SignIn).ReadsJson<SignInRequest>()
            .Authenticated(DocumentedAuth.Anonymous, DocumentedAuth.SecretKey)
            .ProducesProblems(StatusCodes.Status401Unauthorized)
            .WithSummary("Sign in as a payee to a payer's context")
            .WithDescription("""
                `{ "type": "resource", "data": { "resource": "voucher::context::code::<CODE>" } }` → `{ "authorization": { "token" } }`, a bearer token
                for that payer's context (30 minutes). With the code alone the payee is shown to the payer as unverified; with the store's secret
                `X-Api-Key` the token acts for that store and the payer sees the store's name.
                """);

        api.MapPost("/vouchers/contexts/context-open", OpenContext).ReadsJson<OpenContextRequest>()
            .ProducesProblems(StatusCodes.Status401Unauthorized)
            .WithSummary("Open a payer context")
            .WithDescription("""
                `{ "format": "numeric" | "alphanum", "payers": [ { "address" } ] }` (1–10 payers). Without a token this starts a new payer and the
                answer carries its bearer `token`; with a payer's token (`Authorization: Bearer`) the context belongs to that payer.
                """);

        secured.MapGet("/contexts", QueryContexts)
            .ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("List the payer's contexts")
            .WithDescription("A bare array, newest first. `limit` (1–100, default 100), `offset`, `since` and `until` (Unix milliseconds, creation time).");
        secured.MapGet("/contexts/{id}", GetContext)
            .WithSummary("Read a payer context").WithDescription("The payer's own context: code, format, payers, status.");
        secured.MapPost("/contexts/{id}/context-close", CloseContext).ReadsJson<CloseContextRequest>()
            .WithSummary("Close a payer context")
            .WithDescription("`{ \"payeeId\": null }` (the key is required: 64 characters or null). The code stops working; sessions and vouchers made with it carry on.");
    }

    public static async Task<Results<Ok<SignInResponse>, ProblemHttpResult>> SignIn(HttpRequest request, VoucherAuth auth, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<SignInRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return VoucherProblems.From(body.Error);
        }

        MerchantCaller? merchant = null;
        if (request.Headers.ContainsKey("X-Api-Key") || request.Headers.ContainsKey("X-Publishable-Key"))
        {
            // A key that is sent must be right: a wrong one never falls back to an unverified sign-in.
            var caller = await ApiAuth.AuthenticateAsync(request.HttpContext);
            if (!caller.Ok)
            {
                return VoucherProblems.From(caller.Error);
            }

            if (caller.Value.KeyKind != ApiKeyKind.Secret)
            {
                // A publishable key is public by design: anyone could claim the store's name with it.
                return VoucherProblems.From(new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized,
                    "Sign in as a store with its secret X-Api-Key, not the publishable key (or with no key, as an unverified payee)."));
            }

            merchant = caller.Value;
        }

        var signedIn = await auth.SignInAsync(merchant, body.Value.Type, body.Value.Data?.Resource, cancellationToken);
        return signedIn.Ok
            ? TypedResults.Ok(new SignInResponse(new AuthorizationResponse(signedIn.Value.Token, signedIn.Value.ExpiresAt)))
            : VoucherProblems.From(signedIn.Error);
    }

    public static async Task<Results<Ok<ContextResponse>, ProblemHttpResult>> OpenContext(HttpRequest request, OpenPayerContext open, CancellationToken cancellationToken)
    {
        VoucherPrincipal? payer = null;
        if (request.Headers.Authorization.Count > 0)
        {
            var principal = await VoucherAuthFilter.AuthenticateAsync(request.HttpContext);
            if (!principal.Ok)
            {
                return VoucherProblems.From(principal.Error);
            }

            payer = principal.Value;
        }

        var body = await ApiJson.ReadAsync<OpenContextRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return VoucherProblems.From(body.Error);
        }

        var opened = await open.ExecuteAsync(payer, body.Value, cancellationToken);
        return opened.Ok
            ? TypedResults.Ok(opened.Value.Context.AsResponse() with { Token = opened.Value.Token, ExpiresAt = opened.Value.TokenExpiresAt })
            : VoucherProblems.From(opened.Error);
    }

    public static async Task<Results<Ok<IReadOnlyList<ContextResponse>>, ProblemHttpResult>> QueryContexts(
        VoucherCaller caller, VoucherReads reads, string? limit, string? offset, string? since, string? until, CancellationToken cancellationToken)
    {
        if (caller.Principal.Kind != AccessTokenKind.Payer)
        {
            return VoucherProblems.From(new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, "Listing contexts needs the payer's token."));
        }

        var query = VoucherProblems.ReadList(limit, offset, since, until);
        if (!query.Ok)
        {
            return VoucherProblems.From(query.Error);
        }

        var contexts = await reads.QueryContextsAsync(caller.Principal, query.Value, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ContextResponse>>(contexts.Select(c => c.AsResponse()).ToList());
    }

    public static async Task<Results<Ok<ContextResponse>, ProblemHttpResult>> GetContext(string id, VoucherCaller caller, VoucherReads reads, CancellationToken cancellationToken) =>
        await reads.GetContextAsync(caller.Principal, id, cancellationToken) is { } context
            ? TypedResults.Ok(context.AsResponse())
            : VoucherProblems.From(PayError.NotFound("Context"));

    public static async Task<Results<Ok<ContextResponse>, ProblemHttpResult>> CloseContext(
        string id, VoucherCaller caller, HttpRequest request, ClosePayerContext close, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<CloseContextRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return VoucherProblems.From(body.Error);
        }

        // The reference requires the key itself: null is an answer ("no payee involved"), leaving it out is not.
        if (!body.Value.PayeeIdSent)
        {
            return VoucherProblems.From(PayError.Validation("payeeId", "payeeId is required: the payee's 64-character id, or null when no payee is involved."));
        }

        var closed = await close.ExecuteAsync(caller.Principal, id, body.Value.PayeeId, cancellationToken);
        return closed.Ok ? TypedResults.Ok(closed.Value.AsResponse()) : VoucherProblems.From(closed.Error);
    }
}

/// <summary>The close-context body. <c>payeeId</c> must be sent, as a string or null: the setter notes that it was.</summary>
public sealed class CloseContextRequest
{
    private readonly string? _payeeId;

    public string? PayeeId
    {
        get => _payeeId;
        init => (_payeeId, PayeeIdSent) = (value, true);
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool PayeeIdSent { get; private init; }
}
