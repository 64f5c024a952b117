using Microsoft.AspNetCore.Identity;

namespace PaySessions.Core.Users;

/// <summary>Someone who signs in: an owner, manager or cashier of one or more stores. Passwords and 2FA are ASP.NET Core Identity's.</summary>
public sealed class StoreUser : IdentityUser<Guid>
{
    public StoreUser()
    {
        Id = Guid.NewGuid();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    /// <summary>The store the user works in now; switching stores changes it.</summary>
    public Guid? CurrentStoreId { get; set; }

    /// <summary>Disabled users cannot sign in, and their open sessions end at the next security check.</summary>
    public bool Disabled { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>What a user may do in one store. Ordered: each role can do what the ones below it can.</summary>
public enum StoreRole
{
    /// <summary>The terminal, and today's own sales.</summary>
    Cashier = 0,

    /// <summary>History, reports, refunds; no keys, users or wallets.</summary>
    Manager = 1,

    /// <summary>Everything, including keys, users, wallets and settings.</summary>
    Owner = 2,
}

/// <summary>A user's role in one store. A user may belong to several stores, with a role in each.</summary>
public sealed class StoreMembership
{
    public Guid UserId { get; set; }

    public Guid MerchantId { get; set; }

    public StoreRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}

public static class StoreRoles
{
    public const string Owner = "owner";
    public const string Manager = "manager";
    public const string Cashier = "cashier";

    public static string Name(this StoreRole role) => role switch
    {
        StoreRole.Owner => Owner,
        StoreRole.Manager => Manager,
        _ => Cashier,
    };

    public static StoreRole? Parse(string? name) => name switch
    {
        Owner => StoreRole.Owner,
        Manager => StoreRole.Manager,
        Cashier => StoreRole.Cashier,
        _ => null,
    };
}
