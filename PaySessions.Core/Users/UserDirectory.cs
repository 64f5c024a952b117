using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Users;

/// <summary>One member of a store as the users page lists it.</summary>
public sealed record StoreMember(Guid UserId, string UserName, string? Email, StoreRole Role, bool Disabled, bool TwoFactor, DateTime JoinedAt);

/// <summary>
/// The people of a store: an owner creates them (or adds an existing user), changes their role, disables them.
/// Every change that narrows what a user may do rotates their security stamp, which ends their open sessions.
/// A store always keeps at least one active owner.
/// </summary>
public sealed class UserDirectory(UserManager<StoreUser> users, IDbContextFactory<PayDbContext> dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<StoreMember>> ListAsync(Guid storeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.MerchantId == storeId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.UserName, u.Email, m.Role, u.Disabled, u.TwoFactorEnabled, m.CreatedAt })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.Role).ThenBy(r => r.UserName, StringComparer.OrdinalIgnoreCase)
            .Select(r => new StoreMember(r.Id, r.UserName!, r.Email, r.Role, r.Disabled, r.TwoFactorEnabled, r.CreatedAt))
            .ToList();
    }

    /// <summary>Creates the user (or finds an existing one by name) and gives them <paramref name="role"/> in the store.</summary>
    public async Task<Result<StoreUser>> AddAsync(Guid storeId, string? userName, string? password, StoreRole role, CancellationToken cancellationToken = default)
    {
        var name = userName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsWhiteSpace))
        {
            return PayError.Validation("userName", "Give an email address or user name without spaces (at most 100 characters).");
        }

        var user = await users.FindByNameAsync(name);
        if (user is null)
        {
            user = new StoreUser { UserName = name, Email = name.Contains('@') ? name : null, CreatedAt = time.GetUtcNow().UtcDateTime, CurrentStoreId = storeId };
            var created = await users.CreateAsync(user, password ?? "");
            if (!created.Succeeded)
            {
                return Refused(created, "password");
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.MerchantId == storeId, cancellationToken))
        {
            return PayError.Conflict("already_member", $"{name} already belongs to this store.");
        }

        db.Memberships.Add(new StoreMembership { UserId = user.Id, MerchantId = storeId, Role = role, CreatedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    public async Task<PayError?> SetRoleAsync(Guid storeId, Guid userId, StoreRole role, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId && m.MerchantId == storeId, cancellationToken);
        if (membership is null)
        {
            return PayError.NotFound("User");
        }

        if (membership.Role == StoreRole.Owner && role != StoreRole.Owner && await IsLastOwnerAsync(db, storeId, userId, cancellationToken))
        {
            return PayError.Conflict("last_owner", "A store keeps at least one owner: make someone else owner first.");
        }

        membership.Role = role;
        await db.SaveChangesAsync(cancellationToken);
        return await RotateAsync(userId);
    }

    public async Task<PayError?> RemoveAsync(Guid storeId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId && m.MerchantId == storeId, cancellationToken);
        if (membership is null)
        {
            return PayError.NotFound("User");
        }

        if (membership.Role == StoreRole.Owner && await IsLastOwnerAsync(db, storeId, userId, cancellationToken))
        {
            return PayError.Conflict("last_owner", "A store keeps at least one owner.");
        }

        db.Memberships.Remove(membership);
        await db.SaveChangesAsync(cancellationToken);
        return await RotateAsync(userId);
    }

    /// <summary>Disables (or enables) a member of this store: a disabled user cannot sign in and is signed out everywhere within 30 s.</summary>
    public async Task<PayError?> SetDisabledAsync(Guid storeId, Guid userId, bool disabled, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var membership = await db.Memberships.AsNoTracking().FirstOrDefaultAsync(m => m.UserId == userId && m.MerchantId == storeId, cancellationToken);
        if (membership is null)
        {
            return PayError.NotFound("User");
        }

        if (disabled && membership.Role == StoreRole.Owner && await IsLastOwnerAsync(db, storeId, userId, cancellationToken))
        {
            return PayError.Conflict("last_owner", "The last active owner cannot be disabled.");
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return PayError.NotFound("User");
        }

        user.Disabled = disabled;
        var updated = await users.UpdateAsync(user);
        return updated.Succeeded ? await RotateAsync(userId) : Refused(updated, "user");
    }

    /// <summary>The user's own password change; it signs out their other sessions.</summary>
    public async Task<PayError?> ChangePasswordAsync(Guid userId, string? current, string? next)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return PayError.NotFound("User");
        }

        var changed = await users.ChangePasswordAsync(user, current ?? "", next ?? "");
        return changed.Succeeded ? null : Refused(changed, "password");
    }

    public async Task<bool> IsTwoFactorRequiredAsync(Guid storeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.AnyAsync(m => m.Id == storeId && m.RequireTwoFactor, cancellationToken);
    }

    /// <summary>
    /// Requires (or stops requiring) two-factor sign-in for the store's owners and managers. Those without it are
    /// sent to set it up at their next request: their security stamp rotates, so their sessions re-check at once.
    /// </summary>
    public async Task SetTwoFactorRequiredAsync(Guid storeId, bool required, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Merchants.Where(m => m.Id == storeId).ExecuteUpdateAsync(m => m.SetProperty(x => x.RequireTwoFactor, required), cancellationToken);
        var affected = await db.Memberships.Where(m => m.MerchantId == storeId && m.Role >= StoreRole.Manager)
            .Join(db.Users.Where(u => !u.TwoFactorEnabled), m => m.UserId, u => u.Id, (m, _) => m.UserId)
            .ToListAsync(cancellationToken);
        foreach (var userId in affected)
        {
            await RotateAsync(userId);
        }
    }

    /// <summary>Opens another store in this installation, owned by <paramref name="ownerId"/>, who switches to it.</summary>
    public async Task<Result<Merchants.Merchant>> OpenStoreAsync(Guid ownerId, string? name, string? currency, CancellationToken cancellationToken = default)
    {
        var code = currency?.Trim().ToUpperInvariant();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            return PayError.Validation("name", "Give the store a name (at most 100 characters).");
        }

        if (!Fx.FiatCurrencies.TryGetMinorUnits(code, out _))
        {
            return PayError.Validation("currency", "Choose the store's currency (ISO 4217, e.g. USD or EUR).");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var store = new Merchants.Merchant { Name = name.Trim(), DefaultCurrency = code!, CreatedAt = now };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Merchants.Add(store);
            db.Memberships.Add(new StoreMembership { UserId = ownerId, MerchantId = store.Id, Role = StoreRole.Owner, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        await SwitchStoreAsync(ownerId, store.Id, cancellationToken);
        return store;
    }

    /// <summary>The stores a user belongs to, for the store switcher.</summary>
    public async Task<IReadOnlyList<(Guid StoreId, string Name, StoreRole Role)>> StoresOfAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Merchants, m => m.MerchantId, s => s.Id, (m, s) => new { s.Id, s.Name, m.Role })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(r => (r.Id, r.Name, r.Role)).ToList();
    }

    /// <summary>Makes <paramref name="storeId"/> the user's current store, if they belong to it.</summary>
    public async Task<bool> SwitchStoreAsync(Guid userId, Guid storeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Memberships.AnyAsync(m => m.UserId == userId && m.MerchantId == storeId, cancellationToken))
        {
            return false;
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return false;
        }

        user.CurrentStoreId = storeId;
        return (await users.UpdateAsync(user)).Succeeded;
    }

    private static async Task<bool> IsLastOwnerAsync(PayDbContext db, Guid storeId, Guid userId, CancellationToken cancellationToken) =>
        !await db.Memberships.Where(m => m.MerchantId == storeId && m.Role == StoreRole.Owner && m.UserId != userId)
            .Join(db.Users.Where(u => !u.Disabled), m => m.UserId, u => u.Id, (m, _) => m)
            .AnyAsync(cancellationToken);

    private async Task<PayError?> RotateAsync(Guid userId)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is not null)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        return null;
    }

    private static PayError Refused(IdentityResult result, string field) =>
        PayError.Validation(field, string.Join(" ", result.Errors.Select(e => e.Description)));
}
