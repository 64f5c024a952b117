using PaySessions.Core.Vouchers;

namespace PaySessions.Core.Events;

public sealed record VoucherContextOpened(string PublicId) : DomainEvent
{
    public override string Type => "voucher_context.opened";
}

public sealed record VoucherContextClosed(string PublicId) : DomainEvent
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

public sealed record VoucherReserved(string PublicId, DateTime ExpiresAt) : DomainEvent
{
    public override string Type => "voucher.reserved";
}

/// <summary>A voucher moved on: redeemed (with the pay session backing it), resolved or discarded.</summary>
public sealed record VoucherStatusChanged(string PublicId, VoucherStatus From, VoucherStatus To, Guid? PaySessionId) : DomainEvent
{
    public override string Type => "voucher.status_changed";
}
