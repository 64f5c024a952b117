using PaySessions.Core.Common;
using PaySessions.Core.Merchants;

namespace PaySessions.Pos.Api;

/// <summary>Resolves <c>X-Api-Key</c> (secret) or <c>X-Publishable-Key</c> to the calling merchant before any handler runs.</summary>
public static class ApiAuth
{
    private const string CallerItem = "PaySessions.Caller";

    public static RouteGroupBuilder RequireMerchantKey(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        var (key, kind) = http.Request.Headers["X-Api-Key"].FirstOrDefault() is { Length: > 0 } secret
            ? (secret, ApiKeyKind.Secret)
            : (http.Request.Headers["X-Publishable-Key"].FirstOrDefault(), ApiKeyKind.Publishable);
        if (string.IsNullOrEmpty(key))
        {
            return ApiProblems.From(new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, "Send your key in the X-Publishable-Key or X-Api-Key header."));
        }

        var registry = http.RequestServices.GetRequiredService<MerchantRegistry>();
        var caller = await registry.AuthenticateAsync(key, kind, http.RequestAborted);
        if (caller is null)
        {
            var header = kind == ApiKeyKind.Secret ? "X-Api-Key" : "X-Publishable-Key";
            return ApiProblems.From(new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, $"The {header} is not a valid key."));
        }

        http.Items[CallerItem] = caller;
        return await next(context);
    });

    public static MerchantCaller Caller(this HttpContext http) =>
        http.Items[CallerItem] as MerchantCaller ?? throw new InvalidOperationException("The endpoint is missing RequireMerchantKey().");
}
