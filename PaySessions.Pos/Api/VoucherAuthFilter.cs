using PaySessions.Core.Common;
using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Api;

/// <summary>
/// Resolves <c>Authorization: Bearer …</c> to the payer or payee it was issued to, once per request. Handlers take the
/// result as a <see cref="VoucherCaller"/> parameter; the group's filter answers 401 when there is none.
/// </summary>
public static class VoucherAuthFilter
{
    public static RouteGroupBuilder RequireVoucherToken(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var principal = await AuthenticateAsync(context.HttpContext);
        return principal.Ok ? await next(context) : ApiProblems.From(principal.Error);
    });

    /// <summary>The token's principal, or why there is none; looked up on first use and kept on the request.</summary>
    public static async ValueTask<Result<VoucherPrincipal>> AuthenticateAsync(HttpContext http)
    {
        if (http.Features.Get<TokenCheck>() is { } done)
        {
            return done.Principal;
        }

        var principal = await LookUpAsync(http);
        http.Features.Set(new TokenCheck(principal));
        return principal;
    }

    private static async Task<Result<VoucherPrincipal>> LookUpAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.FirstOrDefault();
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var principal = await http.RequestServices.GetRequiredService<VoucherAuth>().AuthenticateAsync(token, http.RequestAborted);
        return principal is not null
            ? principal
            : new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized,
                token is null ? "Send Authorization: Bearer <token>." : "The bearer token is unknown or has expired.");
    }

    private sealed record TokenCheck(Result<VoucherPrincipal> Principal);
}
