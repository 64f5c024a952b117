using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Api;

namespace PaySessions.Pos.Hubs;

/// <summary>
/// The live hub's credential check, as an authentication scheme so the grant reaches the hub on every transport (the
/// connection's user). The credential comes the way SignalR clients send it (<c>accessTokenFactory</c>):
/// <c>Authorization: Bearer</c>, or <c>?access_token=</c> where a browser cannot set headers (WebSockets, SSE). It is a
/// live token (one session) or the store's secret key (the whole store). A publishable key is refused: it sits in web
/// pages, and the store's events are not for anyone who reads one.
/// </summary>
public sealed class LiveHubAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    LiveTokens tokens, AuthenticateApiKey keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LiveHub";

    private const string Missing =
        "Connect with an access token: a live token from POST /session/{sessionID}/live-token, or the store's secret key (ak_…).";

    private const string Publishable =
        "A publishable key cannot subscribe to live events: get a live token from POST /session/{sessionID}/live-token, or connect from your server with the secret key.";

    private const string Refused = "The access token is not a live token or secret key we accept: unknown, expired or revoked.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credential = CredentialOf(Request);
        if (string.IsNullOrEmpty(credential))
        {
            return AuthenticateResult.NoResult();
        }

        var grant = await GrantForAsync(credential);
        return grant is null ? AuthenticateResult.Fail(ApiKey.KindOf(credential) == ApiKeyKind.Publishable ? Publishable : Refused)
            : AuthenticateResult.Success(new AuthenticationTicket(grant.ToPrincipal(SchemeName), SchemeName));
    }

    /// <summary>A 401 problem saying what to send, so the client's <c>start()</c> fails with a reason at negotiate.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        var error = new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, result.Failure?.Message ?? Missing);
        await ApiProblems.WriteAsync(Context, error, StatusCodes.Status401Unauthorized);
    }

    private async Task<LiveGrant?> GrantForAsync(string credential)
    {
        if (credential.StartsWith(LiveTokens.Prefix, StringComparison.Ordinal))
        {
            // A token opens a connection; it does not end one. The requests of a connection already open (they carry
            // the id only negotiate hands out) pass after it expires, so the fallback transports, which come back on
            // every poll, last like a WebSocket. The key that asked for it must still be active, always.
            var ofOpenConnection = Request.Query.ContainsKey("id") && !Request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal);
            return tokens.Read(credential, acceptExpired: ofOpenConnection) is { } token && await keys.IsActiveAsync(token.KeyId, Context.RequestAborted)
                ? LiveGrant.ForSession(token)
                : null;
        }

        if (ApiKey.KindOf(credential) != ApiKeyKind.Secret)
        {
            return null;
        }

        var caller = await keys.ExecuteAsync(credential, ApiKeyKind.Secret, Context.RequestAborted);
        return caller?.KeyId is { } keyId ? LiveGrant.ForStore(caller.MerchantId, keyId) : null;
    }

    private static string? CredentialOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Query["access_token"].FirstOrDefault();
    }
}
