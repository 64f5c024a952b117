namespace PaySessions.Pos.Components.Shared;

/// <summary>
/// What went wrong on a customer's or cashier's screen, for the operator's log. The screen itself shows a fixed,
/// plain message: a wallet's or a node's error text is neither meant for nor safe to show to a customer.
/// </summary>
public static partial class PageLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "The customer's wallet did not send the payment for {PaymentId}")]
    public static partial void WalletRefused(ILogger logger, Exception exception, Guid paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Paying {PaymentId} from the page failed")]
    public static partial void PaymentFailed(ILogger logger, Exception exception, Guid paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The receipt {TxHash} could not be checked for voucher {VoucherId}")]
    public static partial void ReceiptFailed(ILogger logger, Exception exception, string txHash, string voucherId);
}
