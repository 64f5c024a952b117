namespace PaySessions.Core.Vouchers;

/// <summary>Wire values are the upper-case names: RESERVED, REDEEMED, RESOLVED, DISCARDED, EXPIRED.</summary>
public enum VoucherStatus
{
    Reserved = 0,
    Redeemed = 1,
    Resolved = 2,
    Discarded = 3,

    /// <summary>Never stored: a reservation not redeemed in time, or a redemption whose payment window closed unpaid.</summary>
    Expired = 4,
}

/// <summary>
/// What a redeem asked for. Wire values: <c>SIMPLE</c> (a token transfer, <c>expectedPayment</c>) and <c>CUSTOM</c>
/// (one transaction the payer's wallet sends as given: <c>networks</c> and a <c>send_transaction</c> payment).
/// </summary>
public enum VoucherType
{
    Simple = 0,
    Custom = 1,
}

/// <summary>A redeemed voucher's expected payment, validated: the asset is known, the amount exact, the wallet an address.</summary>
public sealed record ExpectedPayment(string Network, string Currency, string CurrencyAddress, string Amount, string Wallet);

/// <summary>What the payer pays instead, after negotiating: another token of the same network, its amount computed by us.</summary>
public sealed record SuppliedPayment(string Network, string Currency, string CurrencyAddress, string Amount, string Wallet);

/// <summary>A CUSTOM voucher's transaction, validated: sent on one of <see cref="Networks"/> to <see cref="To"/> with this value (wei) and calldata.</summary>
public sealed record CustomCall(IReadOnlyList<CallNetwork> Networks, string To, string Value, string Data, string? Extras);

/// <summary>A network a CUSTOM voucher's transaction may be sent on, with the chain id the payee named.</summary>
public sealed record CallNetwork(string Network, long ChainId);

/// <summary>The stored voucher state machine (expiry is read from time, never stored).</summary>
public static class VoucherTransitions
{
    public static bool Allowed(VoucherStatus from, VoucherStatus to) => (from, to) switch
    {
        (VoucherStatus.Reserved, VoucherStatus.Redeemed or VoucherStatus.Discarded) => true,
        (VoucherStatus.Redeemed, VoucherStatus.Resolved or VoucherStatus.Discarded) => true,
        _ => false,
    };
}
