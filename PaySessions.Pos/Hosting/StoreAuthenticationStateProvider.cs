using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PaySessions.Core.Users;

namespace PaySessions.Pos.Hosting;

/// <summary>
/// Re-checks a Blazor circuit's user as often as open sessions are (<c>Pos:SignOutWithin</c>, 30 s): still there, still enabled, same security stamp (which a password
/// change, a role change, a removal or a disabling rotates). When not, the circuit becomes signed out at once.
/// </summary>
public sealed class StoreAuthenticationStateProvider(
    ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options, IOptions<SecurityStampValidatorOptions> validation)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => validation.Value.ValidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null || user.Disabled)
        {
            return false;
        }

        var stamp = state.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
