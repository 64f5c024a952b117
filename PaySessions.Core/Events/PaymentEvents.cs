using PaySessions.Core.Payments;

namespace PaySessions.Core.Events;

/// <summary>A payment was opened: what the customer must send, where. Amounts are base units as decimal text.</summary>
public sealed record PaymentCreated(
    string Network, string Asset, string TokenContract, int Decimals, string Recipient, string Amount, decimal Rate, DateTime ExpiresAt) : DomainEvent
{
    public override string Type => "payment.created";
}

public sealed record PaymentStatusChanged(PaymentStatus From, PaymentStatus To, PaymentException Exception) : DomainEvent
{
    public override string Type => "payment.status_changed";
}

public sealed record PaymentExceptionChanged(PaymentException From, PaymentException To) : DomainEvent
{
    public override string Type => "payment.exception_changed";
}

/// <summary>What the chain shows for the payment moved: paid amount, paying transaction or confirmations.</summary>
public sealed record PaymentProgressed(string Paid, string? TxHash, int Confirmations, int RequiredConfirmations) : DomainEvent
{
    public override string Type => "payment.progressed";
}

/// <summary>Someone attached a transfer that had matched nothing to this payment; the payment then follows the chain as for any match.</summary>
public sealed record PaymentTransferAttached(string TxHash, int LogIndex, string From, string Value) : DomainEvent
{
    public override string Type => "payment.transfer_attached";
}

/// <summary>A refund to the payer was seen on chain: <see cref="Amount"/> now, <see cref="TotalRefunded"/> in all (base units).</summary>
public sealed record PaymentRefunded(string RefundId, string Amount, string TotalRefunded, string TxHash, bool Full) : DomainEvent
{
    public override string Type => "payment.refunded";
}
