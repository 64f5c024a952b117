namespace PaySessions.Core.Merchants;

/// <summary>Someone who signs in to the point of sale (a cashier) for one merchant. The password is kept only as a salted PBKDF2 hash.</summary>
public sealed class PosUser
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid MerchantId { get; set; }

    /// <summary>Stored lowercase; sign-in ignores case.</summary>
    public required string UserName { get; set; }

    public required string PasswordHash { get; set; }

    public string Role { get; set; } = PosRoles.Cashier;

    public DateTime CreatedAt { get; set; }
}

public static class PosRoles
{
    public const string Cashier = "cashier";
}
