using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>
/// Key management for integrators, at the checkout vendor's routes: <c>/accounts/{accountID}/keys</c>. Only the
/// secret key may call them, and only for its own store's account: another account is "not found", never
/// "forbidden", so trying ids reveals nothing.
/// </summary>
public static class AccountsApi
{
    /// <summary><c>status</c> in the list: <c>active</c> keys are accepted, <c>revoked</c> ones answer 401.</summary>
    public const string Active = "active";

    public const string Revoked = "revoked";

    /// <summary><c>role</c> in the list: what a key may do. <c>full</c>: every call, <c>fxRate</c> and key management (secret keys).</summary>
    public const string FullRole = "full";

    /// <summary><c>checkout</c>: sessions and transactions from a browser or till, without <c>fxRate</c> (publishable keys).</summary>
    public const string CheckoutRole = "checkout";

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapManagementGroup("/accounts/{accountId:guid}/keys", "Keys").RequireOwnAccount();

        keys.MapPost("", CreateKey).ReadsJson<CreateKeyRequest>()
            .WithSummary("Create a key")
            .WithDescription("`keyType` `api` issues a secret `ak_` key, `publishable` a `pk_` key. `generatedKey` is shown this once; "
                + "only its hash is kept. `privateKey` is always empty.");
        keys.MapGet("", ListKeys)
            .WithSummary("List the account's keys")
            .WithDescription("Every key without its secret: the prefix it starts with, `active` or `revoked`, and its role.");
        keys.MapDelete("{keyId:guid}", RevokeKey)
            .WithSummary("Revoke a key")
            .WithDescription("The key is refused (401) from the very next call.");
        return routes;
    }

    public static async Task<Results<Ok<CreatedKeyResponse>, ProblemHttpResult>> CreateKey(
        ApiCaller caller, HttpRequest request, CreateApiKey create, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<CreateKeyRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var kind = KindOf(body.Value.KeyType);
        var errors = new Dictionary<string, string[]>();
        if (kind is null)
        {
            errors["keyType"] = ["keyType must be \"api\" (a secret ak_ key) or \"publishable\" (a pk_ key)."];
        }

        if (CreateApiKey.CheckLabel(body.Value.Name) is { } refused)
        {
            errors["name"] = [refused];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.From(PayError.Validation(errors));
        }

        var created = await create.ExecuteAsync(caller.Merchant.MerchantId, kind!.Value, body.Value.Name, cancellationToken);
        return created.Ok
            ? TypedResults.Ok(new CreatedKeyResponse(created.Value.Key, "", created.Value.View.Id.ToString()))
            : ApiProblems.From(created.Error);
    }

    public static async Task<Ok<KeyListResponse>> ListKeys(ApiCaller caller, ListApiKeys list, CancellationToken cancellationToken)
    {
        var keys = (await list.ExecuteAsync(caller.Merchant.MerchantId, cancellationToken: cancellationToken)).Keys;
        return TypedResults.Ok(new KeyListResponse(new KeyGroups(
            keys.Where(k => k.Kind == ApiKeyKind.Secret).Select(AsEntry).ToList(),
            keys.Where(k => k.Kind == ApiKeyKind.Publishable).Select(AsEntry).ToList())));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        Guid keyId, ApiCaller caller, RevokeApiKey revoke, CancellationToken cancellationToken)
    {
        var revoked = await revoke.ExecuteAsync(caller.Merchant.MerchantId, keyId, cancellationToken);
        return revoked.Ok ? TypedResults.NoContent() : ApiProblems.From(revoked.Error);
    }

    // After RequireSecretKey: the key is the store's secret key, so what is left is whether the account is the store's.
    internal static RouteGroupBuilder RequireOwnAccount(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        var caller = await ApiAuth.AuthenticateAsync(http);
        var registry = http.RequestServices.GetRequiredService<MerchantRegistry>();
        return caller.Ok && Guid.TryParse(http.GetRouteValue("accountId") as string, out var accountId)
            && await registry.HasAccountAsync(caller.Value.MerchantId, accountId, http.RequestAborted)
            ? await next(context)
            : ApiProblems.From(PayError.NotFound("Account"));
    });

    private static ApiKeyKind? KindOf(string? keyType) => keyType switch
    {
        "api" => ApiKeyKind.Secret,
        "publishable" => ApiKeyKind.Publishable,
        _ => null,
    };

    private static KeyEntry AsEntry(ApiKeyView key) => new(
        key.Id.ToString(),
        key.Prefix,
        key.IsActive ? Active : Revoked,
        key.Kind == ApiKeyKind.Secret ? FullRole : CheckoutRole,
        key.Label);
}
