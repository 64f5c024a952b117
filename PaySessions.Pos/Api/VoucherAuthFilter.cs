using PaySessions.Core.Common;
using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Api;

/// <summary>Resolves <c>Authorization: Bearer …</c> to the payer or payee it was issued to.</summary>
public static class VoucherAuthFilter
{
    private const string PrincipalItem = "PaySessions.VoucherPrincipal";

    public static RouteGroupBuilder RequireVoucherToken(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.FirstOrDefault();
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var principal = await http.RequestServices.GetRequiredService<VoucherAuth>().AuthenticateAsync(token, http.RequestAborted);
        if (principal is null)
        {
            return ApiProblems.From(new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized,
                token is null ? "Send Authorization: Bearer <token>." : "The bearer token is unknown or has expired."));
        }

        http.Items[PrincipalItem] = principal;
        return await next(context);
    });

    public static VoucherPrincipal VoucherPrincipal(this HttpContext http) =>
        http.Items[PrincipalItem] as VoucherPrincipal ?? throw new InvalidOperationException("The endpoint is missing RequireVoucherToken().");
}
