using PaySessions.Core.Vouchers;

namespace PaySessions.Core.Events;

public sealed record VoucherContextOpened(string PublicId) : DomainEvent
{
    public override string Type => "voucher_context.opened";
}

/// <summary>The payer closed the context; <paramref name="PayeeId"/> is what the payer named as the payee involved, if anyone.</summary>
public sealed record VoucherContextClosed(string PublicId, string? PayeeId = null) : DomainEvent
{
    public override string Type => "voucher_context.closed";
}

public sealed record VoucherSessionOpened(string PublicId) : DomainEvent
{
    public override string Type => "voucher_session.opened";
}

public sealed record VoucherSessionJoined(string PublicId) : DomainEvent
{
    public override string Type => "voucher_session.joined";
}

public sealed record VoucherSessionClosed(string PublicId) : DomainEvent
{
    public override string Type => "voucher_session.closed";
}

/// <summary>A voucher was reserved, in a session or (<paramref name="Standalone"/>) with the context code alone.</summary>
public sealed record VoucherReserved(string PublicId, DateTime ExpiresAt, bool Standalone = false) : DomainEvent
{
    public override string Type => "voucher.reserved";
}

/// <summary>The payer chose to pay a SIMPLE voucher in another token of its network, at this server-computed amount.</summary>
public sealed record VoucherNegotiated(string PublicId, string Currency, string CurrencyAddress, string Amount, string Wallet) : DomainEvent
{
    public override string Type => "voucher.negotiated";
}

/// <summary>The payer said it paid (a receipt with only a payment id): the voucher resolves once the chain shows the transfer.</summary>
public sealed record VoucherReceiptSubmitted(string PublicId, string PayPaymentId) : DomainEvent
{
    public override string Type => "voucher.receipt_submitted";
}

/// <summary>A voucher moved on: redeemed (with the pay session backing it), resolved or discarded.</summary>
public sealed record VoucherStatusChanged(string PublicId, VoucherStatus From, VoucherStatus To, Guid? PaySessionId) : DomainEvent
{
    public override string Type => "voucher.status_changed";
}
