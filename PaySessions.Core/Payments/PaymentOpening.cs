using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Payments;

/// <summary>
/// Opens a session's payment in the asset the customer (or payer) chose: prices it, makes a checkout amount
/// unique, cancels the open payment it replaces and links the new one. Runs inside the caller's write gate on
/// the caller's context and saves nothing, so it commits together with whatever else the use case changes.
/// </summary>
public sealed class PaymentOpening(Pricing pricing, HeldAmountBook book)
{
    /// <summary>How often a customer may pick (or change) the asset of one session.</summary>
    public const int MaxPicksPerSession = 20;

    public async Task<Result<Payment>> OpenAsync(
        PayDbContext db, PaySession session, Merchant merchant, string asset, string network, DateTime now, CancellationToken cancellationToken)
    {
        switch (session.StatusAt(now))
        {
            case PaymentStatus.Expired:
                return new PayError(PayErrorKind.Gone, ErrorCodes.SessionExpired, $"The session expired at {session.ExpiresAt:O}; ask the merchant for a new one.");
            case PaymentStatus.Pending:
                break;
            default:
                return PayError.Conflict(ErrorCodes.SessionClosed, $"The session is {session.Status.ToString().ToLowerInvariant()} and takes no new transaction.");
        }

        var symbol = asset.Trim().ToUpperInvariant();
        var networkName = network.Trim().ToLowerInvariant();
        var quote = pricing.Quotes(merchant, session).FirstOrDefault(q => q.Asset.Symbol == symbol && q.Asset.Network.Name == networkName);
        if (quote is null)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.UnsupportedAsset,
                $"{asset} on {network} is not offered for this session; GET /session/{session.Id}/assets lists what is.");
        }

        // Every pick becomes the session's transaction, so a session without one has had no pick: no need to count.
        if (session.TransactionId is not null && await db.Payments.CountAsync(p => p.SessionId == session.Id, cancellationToken) >= MaxPicksPerSession)
        {
            return PayError.Conflict(ErrorCodes.TooManyAttempts, $"The asset was changed {MaxPicksPerSession} times; ask the merchant for a new payment request.");
        }

        var previous = session.TransactionId is { } previousId ? await db.Payments.FirstOrDefaultAsync(p => p.Id == previousId, cancellationToken) : null;
        if (previous?.Status == PaymentStatus.Processing)
        {
            return PayError.Conflict(ErrorCodes.SessionClosed, "A transfer for the current transaction is already confirming; it can no longer be replaced.");
        }

        // Voucher payments ask exactly their amount when no other open payment to the same wallet and token does (the
        // common case, so the payee's round amount is what the payer sends); otherwise they too get a unique offset, so a
        // transfer the payer does not name by hash can still be told apart.
        var amount = session.Kind == SessionKind.Voucher && !await HeldAsync(db, quote, quote.Amount, cancellationToken)
            ? quote.Amount
            : await AllocateAmountAsync(db, quote, cancellationToken);
        if (amount is null)
        {
            return new PayError(PayErrorKind.Unavailable, ErrorCodes.AmountSpaceExhausted,
                "Too many open payments ask this wallet for the same amount; try again shortly or pick another asset.");
        }

        // Held from now, before the save: the next pick of the same batch must not choose it too.
        book.Hold(WalletOf(quote), amount.Value);
        previous?.Cancel(now);
        var payment = Payment.Open(session, quote, amount.Value, TimeSpan.FromMinutes(merchant.MonitoringMinutes), now);
        db.Payments.Add(payment);
        session.Attach(payment, now);
        return payment;
    }

    /// <summary>
    /// A free amount for the quote: its price plus a unique offset, at a cost that does not grow with open payments. The
    /// book answers from memory; when it finds every tier full it reads the wallet again once (it may still count amounts
    /// a rolled-back pick left) before refusing.
    /// </summary>
    private async Task<BigInteger?> AllocateAmountAsync(PayDbContext db, AssetQuote quote, CancellationToken cancellationToken)
    {
        var wallet = WalletOf(quote);
        if (await PickAsync() is { } amount)
        {
            return amount;
        }

        book.Reread(wallet);
        return await PickAsync();

        Task<BigInteger?> PickAsync() =>
            UniqueAmounts.PickAsync(quote.Amount, quote.Asset.Decimals, amounts => book.AmongAsync(db, wallet, amounts, cancellationToken), Random.Shared);
    }

    /// <summary>
    /// Whether an open, amount-matched payment to the quote's wallet and token already asks exactly <paramref name="amount"/>.
    /// The book's "held" is checked in the database (one probe of the unique index): a voucher keeps its round amount
    /// whenever it is really free.
    /// </summary>
    private async Task<bool> HeldAsync(PayDbContext db, AssetQuote quote, BigInteger amount, CancellationToken cancellationToken)
    {
        var wallet = WalletOf(quote);
        return (await book.AmongAsync(db, wallet, [amount], cancellationToken)).Count > 0
            && await HeldAmountBook.HeldBy(db, wallet).AnyAsync(a => a == amount, cancellationToken);
    }

    private static HeldWallet WalletOf(AssetQuote quote) => new(quote.Asset.Network.Name, quote.Asset.Contract, quote.Recipient);
}
