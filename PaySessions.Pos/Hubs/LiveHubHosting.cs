using Microsoft.AspNetCore.Authentication;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Hubs;

/// <summary>The public live-events hub: its credential scheme, token issuer, connection list and broadcaster.</summary>
public static class LiveHubHosting
{
    private const string Policy = "live-hub";

    public static IServiceCollection AddLiveHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton<LiveTokens>();
        services.AddSingleton<LiveConnections>();
        services.AddHostedService<LiveBroadcaster>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, LiveHubAuthenticationHandler>(LiveHubAuthenticationHandler.SchemeName, null);
        // Only this scheme: a back-office cookie on the same browser neither grants nor blocks a subscription.
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(LiveHubAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        return services;
    }

    public static IEndpointRouteBuilder MapLiveHub(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<LiveEventsHub>(LiveEventsHub.Path)
            .RequireAuthorization(Policy)
            .RequireRateLimiting(RateLimiting.LiveHubPolicy);
        return routes;
    }
}
