using System.Globalization;
using System.Security.Claims;

namespace PaySessions.Pos.Hubs;

/// <summary>Whether a live connection hears one checkout session or its whole store.</summary>
public enum LiveScope
{
    /// <summary>A live token: one checkout session's events (a customer-facing display).</summary>
    Session,

    /// <summary>The store's secret key: every event of the store (a merchant's back end).</summary>
    Store,
}

/// <summary>
/// What one credential lets a connection to <c>/hubs/events</c> hear, and the key behind it. It travels as the
/// connection's user (claims), the one thing SignalR carries from the authenticated request to the hub on every transport.
/// </summary>
public sealed record LiveGrant(LiveScope Scope, Guid MerchantId, Guid? SessionId, Guid KeyId)
{
    private const string ScopeClaim = "live:scope";
    private const string MerchantClaim = "live:merchant";
    private const string SessionClaim = "live:session";
    private const string KeyClaim = "live:key";

    /// <summary>The SignalR group the connection joins, and the id <c>LiveFeed.Watch</c> is told about.</summary>
    public string Group => Scope == LiveScope.Store ? StoreGroup(MerchantId) : SessionGroup(SessionId!.Value);

    public Guid Watched => Scope == LiveScope.Store ? MerchantId : SessionId!.Value;

    public static LiveGrant ForStore(Guid merchantId, Guid keyId) => new(LiveScope.Store, merchantId, null, keyId);

    public static LiveGrant ForSession(LiveToken token) => new(LiveScope.Session, token.MerchantId, token.SessionId, token.KeyId);

    public static string StoreGroup(Guid merchantId) => $"store:{merchantId}";

    public static string SessionGroup(Guid sessionId) => $"session:{sessionId}";

    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ScopeClaim, Scope.ToString()),
            new(MerchantClaim, MerchantId.ToString()),
            new(KeyClaim, KeyId.ToString()),
        };
        if (SessionId is { } sessionId)
        {
            claims.Add(new Claim(SessionClaim, sessionId.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The grant the connection's user carries, or null for a user the live hub's scheme did not make.</summary>
    public static LiveGrant? From(ClaimsPrincipal? user)
    {
        if (user is null
            || !Enum.TryParse<LiveScope>(user.FindFirstValue(ScopeClaim), out var scope)
            || !Guid.TryParse(user.FindFirstValue(MerchantClaim), CultureInfo.InvariantCulture, out var merchantId)
            || !Guid.TryParse(user.FindFirstValue(KeyClaim), CultureInfo.InvariantCulture, out var keyId))
        {
            return null;
        }

        Guid? sessionId = Guid.TryParse(user.FindFirstValue(SessionClaim), CultureInfo.InvariantCulture, out var session) ? session : null;
        return scope == LiveScope.Session && sessionId is null ? null : new LiveGrant(scope, merchantId, sessionId, keyId);
    }
}
