using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

public sealed record UnmatchedTransferView(
    Guid Id, string Network, string Token, string? Asset, int Decimals, string From, string To, BigInteger Value, string TxHash,
    long BlockNumber, DateTime BlockTime, DateTime? IgnoredAt, string? IgnoredBy, string? IgnoreNote);

/// <summary>
/// Transfers to the store's wallets that matched no payment: a customer who paid a wrong amount, paid twice,
/// or paid after the window. A manager attaches one to an open, expired or underpaid payment of the same token and
/// wallet (it then pays it like any match, and the payment's timeline says who attached it), or sets it aside with a note.
/// </summary>
public sealed partial class UnmatchedTransfers(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, PaymentLedger ledger, NetworkCatalog catalog, TimeProvider time,
    ILogger<UnmatchedTransfers> logger)
{
    public const int MaxNoteLength = 300;

    public async Task<IReadOnlyList<UnmatchedTransferView>> ListAsync(Guid merchantId, bool includeIgnored = false, int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Unmatched(db, merchantId)
            .Where(t => includeIgnored || t.IgnoredAt == null)
            .OrderByDescending(t => t.BlockNumber)
            .Take(Math.Clamp(limit, 1, 1000))
            .ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    /// <summary>Attaches the transfer to the payment of the store's session; the payment is then recomputed from its transfers.</summary>
    public async Task<Result<UnmatchedTransferView>> AttachAsync(Guid merchantId, Guid transferId, Guid sessionId, string? actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Actor = actor;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var transfer = await Unmatched(db, merchantId).FirstOrDefaultAsync(t => t.Id == transferId, cancellationToken);
            if (transfer is null)
            {
                return PayError.NotFound("Unmatched transfer");
            }

            var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.MerchantId == merchantId, cancellationToken);
            var payment = session?.TransactionId is { } paymentId ? await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken) : null;
            if (payment is null)
            {
                return PayError.Validation("session", "That session has no payment to attach to: the customer has not picked a token yet.");
            }

            if (payment.Status is PaymentStatus.Succeeded or PaymentStatus.Canceled)
            {
                return PayError.Validation("session", "Only an open, expired or underpaid payment can take a transfer.");
            }

            if (payment.Network != transfer.Network || !Same(payment.TokenContract, transfer.Token) || !Same(payment.Recipient, transfer.To))
            {
                return PayError.Validation("session", $"That payment expects {payment.Asset} on {payment.Network} to {payment.Recipient}; this transfer is something else.");
            }

            var now = time.GetUtcNow().UtcDateTime;
            transfer.PaymentId = payment.Id;
            (transfer.IgnoredAt, transfer.IgnoredBy, transfer.IgnoreNote) = (null, null, null);
            payment.TransferAttached(transfer, now);
            await db.SaveChangesAsync(cancellationToken);
            await ledger.RecomputeAsync(db, payment.Id, cancellationToken);
            LogAttached(logger, transfer.TxHash, payment.Id, actor ?? "");
            return View(transfer);
        }
    }

    public async Task<Result<UnmatchedTransferView>> IgnoreAsync(Guid merchantId, Guid transferId, string? note, string? actor, CancellationToken cancellationToken = default)
    {
        var text = note?.Trim() ?? "";
        if (text.Length is 0 or > MaxNoteLength || text.Any(char.IsControl))
        {
            return PayError.Validation("note", $"Say why in 1–{MaxNoteLength} characters, e.g. \"test transfer by the owner\".");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var transfer = await Unmatched(db, merchantId).FirstOrDefaultAsync(t => t.Id == transferId, cancellationToken);
            if (transfer is null)
            {
                return PayError.NotFound("Unmatched transfer");
            }

            (transfer.IgnoredAt, transfer.IgnoredBy, transfer.IgnoreNote) = (time.GetUtcNow().UtcDateTime, actor, text);
            await db.SaveChangesAsync(cancellationToken);
            return View(transfer);
        }
    }

    /// <summary>Live transfers that pay nothing and went to one of the store's receiving wallets.</summary>
    private static IQueryable<ChainTransfer> Unmatched(PayDbContext db, Guid merchantId) =>
        db.ChainTransfers.Where(t => t.PaymentId == null && !t.Removed
            && db.MerchantWallets.Any(w => w.MerchantId == merchantId && w.Network == t.Network && w.Address == t.To));

    private UnmatchedTransferView View(ChainTransfer t)
    {
        var asset = catalog.Assets.FirstOrDefault(a => a.Network.Name == t.Network && Same(a.Contract, t.Token));
        return new(t.Id, t.Network, t.Token, asset?.Symbol, asset?.Decimals ?? 0, t.From, t.To, t.Value, t.TxHash, t.BlockNumber, t.BlockTime, t.IgnoredAt, t.IgnoredBy, t.IgnoreNote);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unmatched transfer {TxHash} attached to payment {PaymentId} by {Actor}")]
    private static partial void LogAttached(ILogger logger, string txHash, Guid paymentId, string actor);
}
