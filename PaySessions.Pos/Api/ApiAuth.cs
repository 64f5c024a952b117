using PaySessions.Core.Common;
using PaySessions.Core.Merchants;

namespace PaySessions.Pos.Api;

/// <summary>
/// Resolves <c>X-Api-Key</c> (secret) or <c>X-Publishable-Key</c> to the calling merchant, once per request. Handlers
/// take the result as an <see cref="ApiCaller"/> parameter; the group's filter answers 401 when there is none.
/// </summary>
public static class ApiAuth
{
    public static RouteGroupBuilder RequireMerchantKey(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var caller = await AuthenticateAsync(context.HttpContext);
        return caller.Ok ? await next(context) : ApiProblems.From(caller.Error);
    });

    /// <summary>
    /// Management and reporting routes (keys, webhooks, the session history): the store's secret key only; a publishable
    /// key answers 403 with <paramref name="refusal"/> (or a sentence about keys and webhooks).
    /// </summary>
    public static RouteGroupBuilder RequireSecretKey(this RouteGroupBuilder group, string? refusal = null)
    {
        var required = refusal is null ? SecretKeyRequired : SecretKeyRequired with { Message = refusal };
        return group.AddEndpointFilter(async (context, next) =>
        {
            var caller = await AuthenticateAsync(context.HttpContext);
            return !caller.Ok ? ApiProblems.From(caller.Error)
                : caller.Value.KeyKind != ApiKeyKind.Secret ? ApiProblems.From(required)
                : await next(context);
        });
    }

    /// <summary>
    /// A group of management routes (keys, webhooks, history): the store's secret key only, rate-limited per key, no
    /// antiforgery (no cookies are involved), documented with the problems every such route can answer.
    /// </summary>
    public static RouteGroupBuilder MapManagementGroup(this IEndpointRouteBuilder routes, string prefix, string tag, string? refusal = null) =>
        routes.MapGroup(prefix)
            .RequireSecretKey(refusal)
            .RequireRateLimiting(Hosting.RateLimiting.ApiPolicy)
            .DisableAntiforgery()
            .WithTags(tag)
            .Authenticated(DocumentedAuth.SecretKey)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);

    private static readonly PayError SecretKeyRequired = new(PayErrorKind.Forbidden, ErrorCodes.ApiKeyRequired,
        "Keys and webhooks are managed with the secret key: send it as X-Api-Key (ak_…), not a publishable key.");

    /// <summary>The calling merchant, or why there is none; looked up on first use and kept on the request.</summary>
    public static async ValueTask<Result<MerchantCaller>> AuthenticateAsync(HttpContext http)
    {
        if (http.Features.Get<KeyCheck>() is { } done)
        {
            return done.Caller;
        }

        var caller = await LookUpAsync(http);
        http.Features.Set(new KeyCheck(caller));
        return caller;
    }

    private static async Task<Result<MerchantCaller>> LookUpAsync(HttpContext http)
    {
        var (key, kind) = http.Request.Headers["X-Api-Key"].FirstOrDefault() is { Length: > 0 } secret
            ? (secret, ApiKeyKind.Secret)
            : (http.Request.Headers["X-Publishable-Key"].FirstOrDefault(), ApiKeyKind.Publishable);
        if (string.IsNullOrEmpty(key))
        {
            return new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, "Send your key in the X-Publishable-Key or X-Api-Key header.");
        }

        var caller = await http.RequestServices.GetRequiredService<AuthenticateApiKey>().ExecuteAsync(key, kind, http.RequestAborted);
        if (caller is null)
        {
            var header = kind == ApiKeyKind.Secret ? "X-Api-Key" : "X-Publishable-Key";
            return new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, $"The {header} is not a valid key.");
        }

        return caller;
    }

    private sealed record KeyCheck(Result<MerchantCaller> Caller);
}
