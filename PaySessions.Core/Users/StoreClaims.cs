using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Users;

/// <summary>The claims a signed-in user carries about the store they work in.</summary>
public static class StoreClaims
{
    /// <summary>The current store (the API's merchant).</summary>
    public const string Store = "paysessions/merchant";

    /// <summary>Set when the store requires two-factor sign-in for this user's role and the user has not set it up yet.</summary>
    public const string NeedsTwoFactor = "paysessions/needs-2fa";

    public static Guid? StoreId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(Store), out var id) ? id : null;

    public static StoreRole? Role(this ClaimsPrincipal user) => StoreRoles.Parse(user.FindFirstValue(ClaimTypes.Role));

    public static Guid? UserId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Owners pass every check, managers the manager's and cashier's, cashiers only theirs.</summary>
    public static bool HasAtLeast(this ClaimsPrincipal user, StoreRole role) => user.Role() is { } held && held >= role;
}

/// <summary>
/// Builds the sign-in principal: Identity's claims plus the current store and the role held there. Identity
/// calls it again at every security-stamp check (30 s), so a role change or a removal reaches open sessions.
/// </summary>
public sealed class StoreClaimsPrincipalFactory(UserManager<StoreUser> users, IOptions<IdentityOptions> options, IDbContextFactory<PayDbContext> dbFactory)
    : UserClaimsPrincipalFactory<StoreUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StoreUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id).ToListAsync();
        var current = memberships.FirstOrDefault(m => m.MerchantId == user.CurrentStoreId)
            ?? memberships.OrderByDescending(m => m.Role).ThenBy(m => m.CreatedAt).FirstOrDefault();
        if (current is null)
        {
            return identity;
        }

        identity.AddClaim(new Claim(StoreClaims.Store, current.MerchantId.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Role, current.Role.Name()));
        if (current.Role >= StoreRole.Manager && !user.TwoFactorEnabled
            && await db.Merchants.AnyAsync(m => m.Id == current.MerchantId && m.RequireTwoFactor))
        {
            identity.AddClaim(new Claim(StoreClaims.NeedsTwoFactor, "true"));
        }

        return identity;
    }
}

/// <summary>A disabled user is "not confirmed": Identity then refuses the sign-in.</summary>
public sealed class EnabledUserConfirmation : IUserConfirmation<StoreUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<StoreUser> manager, StoreUser user) => Task.FromResult(!user.Disabled);
}

/// <summary>Length over composition: at least 10 characters, not a well-known password, not the user's own name.</summary>
public sealed class PasswordStrength : IPasswordValidator<StoreUser>
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "12345678910", "0123456789", "password123", "password1234", "passwordpassword", "qwertyuiop", "qwerty12345",
        "1q2w3e4r5t", "iloveyou123", "letmein123", "welcome123", "administrator", "changeme123", "aaaaaaaaaa", "abcdefghij",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<StoreUser> manager, StoreUser user, string? password)
    {
        if (password is null || Common.Contains(password))
        {
            return Failed("TooCommon", "This password is one of the most common ones; choose another.");
        }

        var name = user.UserName?.Split('@')[0];
        return name is { Length: >= 3 } && password.Contains(name, StringComparison.OrdinalIgnoreCase)
            ? Failed("ContainsUserName", "The password must not contain the user name.")
            : Task.FromResult(IdentityResult.Success);
    }

    private static Task<IdentityResult> Failed(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));
}
