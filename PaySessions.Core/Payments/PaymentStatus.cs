namespace PaySessions.Core.Payments;

/// <summary>
/// Wire values of a session's and a transaction's status. 0 and 1 are fixed by the checkout API;
/// the rest are ours and documented in the README. Never renumber.
/// </summary>
public enum PaymentStatus
{
    Pending = 0,
    Succeeded = 1,
    Processing = 2,
    Canceled = 3,

    // 4 is reserved: it meant "failed", which no path ever produced. Never reuse it.
    Expired = 5,
}

/// <summary>What was unusual about how a payment was paid, beside its main status.</summary>
public enum PaymentException
{
    None = 0,
    Underpaid = 1,
    Overpaid = 2,
    PaidLate = 3,
}

public static class PaymentStatusExtensions
{
    public static string Wire(this PaymentException exception) => exception switch
    {
        PaymentException.Underpaid => "underpaid",
        PaymentException.Overpaid => "overpaid",
        PaymentException.PaidLate => "paidLate",
        _ => "",
    };
}
