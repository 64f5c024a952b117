using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Api;

/// <summary>The payer or payee a voucher-API request acts for, as a handler parameter.</summary>
public sealed record VoucherCaller(VoucherPrincipal Principal)
{
    /// <summary>
    /// Parameters bind before endpoint filters run, so this asks <see cref="VoucherAuthFilter"/> itself (the lookup is
    /// shared with the filter). No valid token: binding fails and the filter answers the 401 with the reason.
    /// </summary>
    public static async ValueTask<VoucherCaller?> BindAsync(HttpContext http)
    {
        var principal = await VoucherAuthFilter.AuthenticateAsync(http);
        return principal.Ok ? new VoucherCaller(principal.Value) : null;
    }
}
