using PaySessions.Core.Merchants;

namespace PaySessions.Pos.Api;

/// <summary>The merchant a checkout-API request acts for, as a handler parameter.</summary>
public sealed record ApiCaller(MerchantCaller Merchant)
{
    /// <summary>
    /// Parameters bind before endpoint filters run, so this asks <see cref="ApiAuth"/> itself (the lookup is shared with
    /// the filter). No valid key: binding fails and <see cref="ApiAuth.RequireMerchantKey"/> answers the 401 with the reason.
    /// </summary>
    public static async ValueTask<ApiCaller?> BindAsync(HttpContext http)
    {
        var caller = await ApiAuth.AuthenticateAsync(http);
        return caller.Ok ? new ApiCaller(caller.Value) : null;
    }
}
