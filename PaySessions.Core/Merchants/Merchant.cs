namespace PaySessions.Core.Merchants;

public sealed class Merchant
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AccountId { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public string ExternalMid { get; set; } = "";

    /// <summary>The currency the cashier terminal starts a sale in.</summary>
    public string DefaultCurrency { get; set; } = "USD";

    /// <summary>How long a customer has to pay once a session is created.</summary>
    public int ExpirationMinutes { get; set; } = 15;

    /// <summary>How long after expiration a late transfer is still detected and flagged as paid late.</summary>
    public int MonitoringMinutes { get; set; } = 24 * 60;

    /// <summary>A payment short by at most this share of its amount still counts as paid (flagged underpaid); 0 to 0.05.</summary>
    public decimal UnderpaymentTolerance { get; set; }

    /// <summary>Owners and managers of this store must sign in with an authenticator code.</summary>
    public bool RequireTwoFactor { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<MerchantWallet> Wallets { get; set; } = [];

    public MerchantWallet? WalletFor(string network) => Wallets.FirstOrDefault(w => w.Network == network);
}

/// <summary>The merchant's own receiving address on one network, and which of that network's assets it accepts there.</summary>
public sealed class MerchantWallet
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid MerchantId { get; set; }

    public required string Network { get; set; }

    public required string Address { get; set; }

    public List<string> Assets { get; set; } = [];
}

/// <summary>
/// The store's logo (PNG, JPEG, WebP or SVG, at most 256 KB), shown on the checkout page and receipts. Kept apart
/// from <see cref="Merchant"/> so that loading a store on every sale never reads the image.
/// </summary>
public sealed class StoreLogo
{
    public Guid MerchantId { get; set; }

    public required byte[] Content { get; set; }

    public required string ContentType { get; set; }

    public DateTime UpdatedAt { get; set; }
}
