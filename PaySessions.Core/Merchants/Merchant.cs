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
