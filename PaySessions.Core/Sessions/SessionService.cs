using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Notifications;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Sessions;

/// <summary>
/// The checkout use cases: create a session, let the customer pick an asset, cancel, read.
/// Every status change of a session goes through here (or the sweep) and is announced on the notifier.
/// </summary>
public sealed class SessionService(
    IDbContextFactory<PayDbContext> dbFactory,
    WriteGate writeGate,
    TimeProvider time,
    Pricing pricing,
    SessionNotifier notifier,
    IOptions<SessionOptions> options)
{
    /// <summary>How often a customer may pick (or change) the asset of one session.</summary>
    public const int MaxPicksPerSession = 20;

    public async Task<Result<PaySession>> CreateAsync(MerchantCaller caller, CreateSessionRequest request, CancellationToken cancellationToken = default)
    {
        if (SessionRules.Check(request, caller.KeyKind, options.Value) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstOrDefaultAsync(m => m.Id == caller.MerchantId, cancellationToken);
        if (merchant is null)
        {
            return new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, "The API key's merchant no longer exists.");
        }

        var currency = request.AmountCurrency!;
        if (pricing.Quotes(merchant, currency, request.Amount!.Value, request.FxRate).Count == 0)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.UnsupportedCurrency,
                $"None of the merchant's accepted assets can be priced in {currency}: configure a rate or pass fxRate with the API key.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var session = new PaySession
        {
            MerchantId = merchant.Id,
            AccountId = merchant.AccountId,
            Descriptor = request.Descriptor?.Trim() ?? "",
            ReferenceNumber = request.ReferenceNumber?.Trim() ?? "",
            ExternalMid = merchant.ExternalMid,
            Amount = request.Amount.Value,
            AmountCurrency = currency,
            FxRate = request.FxRate,
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now.AddMinutes(merchant.ExpirationMinutes),
        };

        using (await writeGate.EnterAsync(cancellationToken))
        {
            db.Sessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
        }

        notifier.Publish(new SessionChanged(session.Id, session.MerchantId, session.Status, null, SessionChange.Created));
        return session;
    }

    /// <summary>Reads a session; <paramref name="merchantId"/> scopes it to one merchant (null: the public checkout page).</summary>
    public async Task<PaySession?> FindAsync(Guid sessionId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == sessionId && (merchantId == null || s.MerchantId == merchantId), cancellationToken);
    }

    public async Task<Payment?> FindPaymentAsync(Guid paymentId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == paymentId && (merchantId == null || p.MerchantId == merchantId), cancellationToken);
    }

    /// <summary>The session as the cashier and customer screens show it; null when unknown (or another merchant's).</summary>
    public async Task<SessionView?> ViewAsync(Guid sessionId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == sessionId && (merchantId == null || s.MerchantId == merchantId), cancellationToken);
        if (session is null)
        {
            return null;
        }

        var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == session.MerchantId, cancellationToken);
        var transaction = session.TransactionId is { } paymentId
            ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken)
            : null;
        return new SessionView(session, merchant.Name, transaction, pricing.Quotes(merchant, session));
    }

    /// <summary>What the customer may pay with for this session, priced.</summary>
    public async Task<Result<IReadOnlyList<AssetQuote>>> QuotesAsync(Guid sessionId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == sessionId && (merchantId == null || s.MerchantId == merchantId), cancellationToken);
        if (session is null)
        {
            return PayError.NotFound("Session");
        }

        var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == session.MerchantId, cancellationToken);
        return Result(pricing.Quotes(merchant, session));

        static Result<IReadOnlyList<AssetQuote>> Result(IReadOnlyList<AssetQuote> quotes) => quotes.ToList();
    }

    /// <summary>
    /// The customer chose an asset and network: create the session's transaction with a unique amount.
    /// Choosing again cancels the previous open transaction.
    /// </summary>
    public async Task<Result<Payment>> PickAsync(Guid sessionId, Guid? merchantId, string? asset, string? network, CancellationToken cancellationToken = default)
    {
        var fields = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(asset) || asset.Length > 20)
        {
            fields["asset"] = ["asset is required, e.g. USDC."];
        }

        if (string.IsNullOrWhiteSpace(network) || network.Length > 50)
        {
            fields["network"] = ["network is required, e.g. polygon."];
        }

        if (fields.Count > 0)
        {
            return PayError.Validation(fields);
        }

        Payment payment;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && (merchantId == null || s.MerchantId == merchantId), cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            var now = time.GetUtcNow().UtcDateTime;
            switch (session.StatusAt(now))
            {
                case PaymentStatus.Expired:
                    return new PayError(PayErrorKind.Gone, ErrorCodes.SessionExpired, $"The session expired at {session.ExpiresAt:O}; ask the merchant for a new one.");
                case PaymentStatus.Pending:
                    break;
                default:
                    return PayError.Conflict(ErrorCodes.SessionClosed, $"The session is {session.Status.ToString().ToLowerInvariant()} and takes no new transaction.");
            }

            var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == session.MerchantId, cancellationToken);
            var quote = pricing.Quotes(merchant, session)
                .FirstOrDefault(q => q.Asset.Symbol == asset!.Trim().ToUpperInvariant() && q.Asset.Network.Name == network!.Trim().ToLowerInvariant());
            if (quote is null)
            {
                return new PayError(PayErrorKind.Invalid, ErrorCodes.UnsupportedAsset,
                    $"{asset} on {network} is not offered for this session; GET /session/{sessionId}/assets lists what is.");
            }

            if (await db.Payments.CountAsync(p => p.SessionId == session.Id, cancellationToken) >= MaxPicksPerSession)
            {
                return PayError.Conflict(ErrorCodes.TooManyAttempts, $"The asset was changed {MaxPicksPerSession} times; ask the merchant for a new payment request.");
            }

            var previous = session.TransactionId is { } previousId ? await db.Payments.FirstOrDefaultAsync(p => p.Id == previousId, cancellationToken) : null;
            if (previous?.Status == PaymentStatus.Processing)
            {
                return PayError.Conflict(ErrorCodes.SessionClosed, "A transfer for the current transaction is already confirming; it can no longer be replaced.");
            }

            // Voucher payments ask exactly their amount: the payer's receipts, not the amount, identify the transfer.
            var amount = session.Kind == SessionKind.Voucher ? quote.Amount : await AllocateAmountAsync(db, quote, cancellationToken);
            if (amount is null)
            {
                return new PayError(PayErrorKind.Unavailable, ErrorCodes.AmountSpaceExhausted,
                    "Too many open payments ask this wallet for the same amount; try again shortly or pick another asset.");
            }

            var merchantMonitoring = TimeSpan.FromMinutes(merchant.MonitoringMinutes);
            payment = new Payment
            {
                SessionId = session.Id,
                MerchantId = session.MerchantId,
                Network = quote.Asset.Network.Name,
                ChainId = quote.Asset.Network.ChainId,
                Asset = quote.Asset.Symbol,
                TokenContract = quote.Asset.Contract,
                Decimals = quote.Asset.Decimals,
                Recipient = quote.Recipient,
                QuotedAmount = quote.Amount,
                Amount = amount.Value,
                Rate = quote.Rate,
                MatchByAmount = session.Kind == SessionKind.Checkout,
                Status = PaymentStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
                ExpiresAt = session.ExpiresAt,
                MonitorUntil = session.ExpiresAt + merchantMonitoring,
            };
            previous?.Cancel(now);
            db.Payments.Add(payment);
            session.Attach(payment, now);
            await db.SaveChangesAsync(cancellationToken);
        }

        notifier.Publish(new SessionChanged(sessionId, payment.MerchantId, PaymentStatus.Pending, payment.Id, SessionChange.TransactionPicked));
        return payment;
    }

    public async Task<Result<PaySession>> CancelAsync(Guid sessionId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        PaySession? session;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && (merchantId == null || s.MerchantId == merchantId), cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            var now = time.GetUtcNow().UtcDateTime;
            if (!session.Cancel(now))
            {
                return PayError.Conflict(ErrorCodes.SessionClosed, $"The session is already {session.StatusAt(now).ToString().ToLowerInvariant()}.");
            }

            if (session.TransactionId is { } paymentId && await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken) is { } payment)
            {
                payment.Cancel(now);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        notifier.Publish(new SessionChanged(session.Id, session.MerchantId, session.Status, session.TransactionId, SessionChange.Canceled));
        return session;
    }

    private static async Task<BigInteger?> AllocateAmountAsync(PayDbContext db, AssetQuote quote, CancellationToken cancellationToken)
    {
        var network = quote.Asset.Network.Name;
        var token = quote.Asset.Contract;
        var recipient = quote.Recipient;
        var taken = (await db.Payments.AsNoTracking()
                .Where(p => p.HoldsAmount && p.Network == network && p.TokenContract == token && p.Recipient == recipient && p.QuotedAmount == quote.Amount)
                .Select(p => p.Amount)
                .ToListAsync(cancellationToken))
            .ToHashSet();

        // A payment priced differently can still land on the same final amount; the unique index would refuse it, so check first.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (UniqueAmounts.Pick(quote.Amount, quote.Asset.Decimals, taken, Random.Shared) is not { } candidate)
            {
                return null;
            }

            var clash = await db.Payments.AnyAsync(
                p => p.HoldsAmount && p.Network == network && p.TokenContract == token && p.Recipient == recipient && p.Amount == candidate, cancellationToken);
            if (!clash)
            {
                return candidate;
            }

            taken.Add(candidate);
        }

        return null;
    }
}
