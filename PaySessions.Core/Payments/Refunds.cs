using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>A refund as the back office shows it, with the transfer the store's wallet must send while it is prepared.</summary>
public sealed record RefundView(
    string Id, Guid SessionId, string Network, long ChainId, string Asset, string Token, int Decimals, string From, string To,
    BigInteger Amount, RefundStatus Status, string? TxHash, string? Error, string? RequestedBy, DateTime CreatedAt, DateTime? ConfirmedAt)
{
    /// <summary>The ERC-20 call the wallet sends to <see cref="Token"/>: transfer(payer, amount).</summary>
    public string CallData => Abi.Call("transfer(address,uint256)", AbiArg.Address(To), AbiArg.Uint(Amount));

    public static RefundView Of(Refund r) => new(
        r.PublicId, r.SessionId, r.Network, r.ChainId, r.Asset, r.Token, r.Decimals, r.From, r.To, r.Amount, r.Status, r.TxHash, r.Error, r.RequestedBy, r.CreatedAt, r.ConfirmedAt);
}

/// <summary>What a paid session can still refund, and to whom.</summary>
public sealed record RefundQuote(Guid PaymentId, string Asset, int Decimals, string Network, string From, string Payer, BigInteger Paid, BigInteger Refunded, BigInteger Available);

/// <summary>
/// Refunds of a paid session, to the address that paid it, from the store's wallet it was paid to: quote, prepare
/// (within what was paid, less what is refunded or on its way), record the wallet's transaction hash. The chain
/// decides the rest (<see cref="RefundVerifier"/>).
/// </summary>
public sealed partial class Refunds(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, RefundSignal signal, TimeProvider time, ILogger<Refunds> logger)
{
    public async Task<Result<RefundQuote>> QuoteAsync(Guid merchantId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await QuoteAsync(db, merchantId, sessionId, cancellationToken);
    }

    /// <param name="amount">Token units as text, e.g. "5.5" (at most the token's decimals).</param>
    public async Task<Result<RefundView>> PrepareAsync(Guid merchantId, Guid sessionId, string? amount, string? actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var quote = await QuoteAsync(db, merchantId, sessionId, cancellationToken);
            if (!quote.Ok)
            {
                return quote.Error;
            }

            var available = quote.Value.Available;
            if (!TokenAmount.TryParse(amount?.Trim(), quote.Value.Decimals, out var units) || units <= 0)
            {
                return PayError.Validation("amount", $"Give the amount to refund in {quote.Value.Asset}, more than 0 and with at most {quote.Value.Decimals} decimals.");
            }

            if (units > available)
            {
                return PayError.Validation("amount", $"At most {TokenAmount.Format(available, quote.Value.Decimals)} {quote.Value.Asset} can be refunded.");
            }

            var payment = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == quote.Value.PaymentId, cancellationToken);
            var refund = Refund.Prepare(payment, quote.Value.Payer, units, actor, time.GetUtcNow().UtcDateTime);
            db.Refunds.Add(refund);
            await db.SaveChangesAsync(cancellationToken);
            LogPrepared(logger, refund.PublicId, TokenAmount.Format(units, refund.Decimals), refund.Asset, sessionId);
            return RefundView.Of(refund);
        }
    }

    /// <summary>The wallet sent the prepared refund: the chain is now watched for it.</summary>
    public async Task<Result<RefundView>> SubmitAsync(Guid merchantId, string refundId, string? txHash, CancellationToken cancellationToken = default)
    {
        if (!Hex.IsTxHash(txHash))
        {
            return PayError.Validation("txHash", "The wallet's transaction hash is 0x and 64 hex digits.");
        }

        var hash = txHash!.ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var refund = await db.Refunds.FirstOrDefaultAsync(r => r.MerchantId == merchantId && r.PublicId == refundId, cancellationToken);
            if (refund is null)
            {
                return PayError.NotFound("Refund");
            }

            if (await db.Refunds.AnyAsync(r => r.Network == refund.Network && r.TxHash == hash && r.Id != refund.Id, cancellationToken)
                || await db.ChainTransfers.AnyAsync(t => t.Network == refund.Network && t.TxHash == hash, cancellationToken))
            {
                return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, "That transaction is already recorded for something else.");
            }

            if (!refund.Submit(hash, time.GetUtcNow().UtcDateTime) && refund.TxHash != hash)
            {
                return PayError.Conflict(ErrorCodes.RefundNotPending, "This refund was already sent or has ended; prepare a new one.");
            }

            await db.SaveChangesAsync(cancellationToken);
            signal.Wake();
            return RefundView.Of(refund);
        }
    }

    public async Task<IReadOnlyList<RefundView>> ForSessionAsync(Guid merchantId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Refunds.AsNoTracking()
            .Where(r => r.MerchantId == merchantId && r.SessionId == sessionId)
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(cancellationToken);
        return rows.Select(RefundView.Of).ToList();
    }

    private async Task<Result<RefundQuote>> QuoteAsync(PayDbContext db, Guid merchantId, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.MerchantId == merchantId, cancellationToken);
        if (session is null)
        {
            return PayError.NotFound("Session");
        }

        var payment = session.TransactionId is { } id ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
        if (payment is not { Status: PaymentStatus.Succeeded })
        {
            return PayError.Conflict(ErrorCodes.NotRefundable, "Only a paid session can be refunded.");
        }

        var payers = await db.ChainTransfers.AsNoTracking()
            .Where(t => t.PaymentId == payment.Id && !t.Removed)
            .Select(t => new { t.From, t.Value })
            .ToListAsync(cancellationToken);
        var payer = payers.GroupBy(t => t.From).MaxBy(g => g.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Value))?.Key;
        if (payer is null)
        {
            return PayError.Conflict(ErrorCodes.NotRefundable, "The payment's transfer is not recorded, so there is no address to refund to.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var held = (await db.Refunds.AsNoTracking().Where(r => r.PaymentId == payment.Id && (r.Status == RefundStatus.Prepared || r.Status == RefundStatus.Submitted)).ToListAsync(cancellationToken))
            .Where(r => r.Holds(now))
            .Aggregate(BigInteger.Zero, (sum, r) => sum + r.Amount);
        return new RefundQuote(payment.Id, payment.Asset, payment.Decimals, payment.Network, payment.Recipient, payer,
            payment.Paid, payment.Refunded, BigInteger.Max(BigInteger.Zero, payment.Refundable - held));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refund {RefundId} of {Amount} {Asset} prepared for session {SessionId}")]
    private static partial void LogPrepared(ILogger logger, string refundId, string amount, string asset, Guid sessionId);
}

/// <summary>Wakes the refund verifier when a refund was sent.</summary>
public sealed class RefundSignal : WakeSignal;
