using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Sessions;

/// <summary>
/// The checkout use cases: create a session, let the customer pick an asset, cancel, read. Each change is
/// decided by the aggregates inside the write gate and saved once; the events they record travel with it.
/// </summary>
public sealed class SessionService(
    IDbContextFactory<PayDbContext> dbFactory,
    WriteGate writeGate,
    GroupCommit groupCommit,
    TimeProvider time,
    Pricing pricing,
    PaymentOpening opening,
    HotRows hot,
    IOptions<SessionOptions> options)
{
    /// <summary>A session to change, tracked; null storeId: any store. Compiled, since every pick and cancel reads one inside the write gate.</summary>
    private static readonly Func<PayDbContext, Guid, Guid?, CancellationToken, Task<PaySession?>> TrackedSession = EF.CompileAsyncQuery(
        (PayDbContext db, Guid id, Guid? storeId, CancellationToken _) => db.Sessions.FirstOrDefault(s => s.Id == id && (storeId == null || s.MerchantId == storeId)));

    public async Task<Result<PaySession>> CreateAsync(MerchantCaller caller, CreateSessionRequest request, CancellationToken cancellationToken = default)
    {
        if (SessionRules.Check(request, caller.KeyKind, options.Value) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var merchant = await hot.StoreAsync(db, caller.MerchantId, cancellationToken);
        if (merchant is null)
        {
            return new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, "The API key's merchant no longer exists.");
        }

        if (pricing.Quotes(merchant, request.AmountCurrency!, request.Amount!.Value, request.FxRate).Count == 0)
        {
            return SessionRules.Unpriceable(request.AmountCurrency!);
        }

        return await groupCommit.InsertAsync(writer =>
        {
            var session = PaySession.OpenCheckout(merchant, request, time.GetUtcNow().UtcDateTime, caller.CashierId);
            writer.Sessions.Add(session);
            return session;
        }, cancellationToken);
    }

    /// <summary>Reads a session; <paramref name="merchantId"/> scopes it to one merchant (null: the public checkout page).</summary>
    public async Task<PaySession?> FindAsync(Guid sessionId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await hot.SessionAsync(db, sessionId, merchantId, cancellationToken);
    }

    public async Task<Payment?> FindPaymentAsync(Guid paymentId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == paymentId && (merchantId == null || p.MerchantId == merchantId), cancellationToken);
    }

    /// <summary>A transaction with its own session (the sale it pays); null when unknown (or another merchant's).</summary>
    public async Task<SessionPayment?> FindTransactionAsync(Guid paymentId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payment = await db.Payments.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == paymentId && (merchantId == null || p.MerchantId == merchantId), cancellationToken);
        return payment is null ? null : new SessionPayment(await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == payment.SessionId, cancellationToken), payment);
    }

    /// <summary>The session as the cashier and customer screens show it; null when unknown (or another merchant's).</summary>
    public async Task<SessionView?> ViewAsync(Guid sessionId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await hot.SessionAsync(db, sessionId, merchantId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var merchant = await hot.StoreOfAsync(db, session.MerchantId, cancellationToken);
        var transaction = session.TransactionId is { } paymentId
            ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken)
            : null;
        return new SessionView(session, merchant.Name, transaction, pricing.Quotes(merchant, session));
    }

    /// <summary>What the customer may pay with for this session, priced.</summary>
    public async Task<Result<IReadOnlyList<AssetQuote>>> QuotesAsync(Guid sessionId, Guid? merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await hot.SessionAsync(db, sessionId, merchantId, cancellationToken);
        if (session is null)
        {
            return PayError.NotFound("Session");
        }

        var merchant = await hot.StoreOfAsync(db, session.MerchantId, cancellationToken);
        return Result(pricing.Quotes(merchant, session));

        static Result<IReadOnlyList<AssetQuote>> Result(IReadOnlyList<AssetQuote> quotes) => quotes.ToList();
    }

    /// <summary>
    /// The customer chose an asset and network: create the session's transaction with a unique amount.
    /// Choosing again cancels the previous open transaction.
    /// </summary>
    public async Task<Result<Payment>> PickAsync(Guid sessionId, Guid? merchantId, string? asset, string? network, CancellationToken cancellationToken = default)
    {
        var picked = await PickForSaleAsync(sessionId, merchantId, asset, network, cancellationToken);
        return picked.Ok ? picked.Value.Payment : picked.Error;
    }

    /// <summary><see cref="PickAsync"/>, answered with the sale as it was saved with its new transaction (nothing read again).</summary>
    public async Task<Result<SessionPayment>> PickForSaleAsync(Guid sessionId, Guid? merchantId, string? asset, string? network, CancellationToken cancellationToken = default)
    {
        if (SessionRules.CheckPick(asset, network) is { Count: > 0 } fields)
        {
            return PayError.Validation(fields);
        }

        return await groupCommit.RunAsync<Result<SessionPayment>>(async (db, ct) =>
        {
            var session = await TrackedSession(db, sessionId, merchantId, ct);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            var merchant = await hot.StoreOfAsync(db, session.MerchantId, ct);
            var opened = await opening.OpenAsync(db, session, merchant, asset!, network!, time.GetUtcNow().UtcDateTime, ct);
            if (!opened.Ok)
            {
                return opened.Error;
            }

            await db.SaveChangesAsync(ct);
            return new SessionPayment(session, opened.Value);
        }, cancellationToken);
    }

    /// <param name="actor">Who cancels (<see cref="Events.Actors"/>), for the session's timeline.</param>
    /// <param name="reason">Why, when the caller said (at most <see cref="SessionLimits.MaxTextLength"/> characters, checked by the caller).</param>
    public async Task<Result<PaySession>> CancelAsync(
        Guid sessionId, Guid? merchantId, CancellationToken cancellationToken = default, string? actor = null, string? reason = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Actor = actor;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var session = await TrackedSession(db, sessionId, merchantId, cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            if (await CancelSaleAsync(db, session, reason, cancellationToken) is { } refused)
            {
                return refused;
            }

            return session;
        }
    }

    /// <summary>
    /// The checkout vendor's cancel, addressed by the transaction: cancels the sale it pays, exactly as
    /// <see cref="CancelAsync"/> does. Only the session's current transaction may: one the customer already replaced
    /// is canceled, and canceling through it must not take down the choice that replaced it.
    /// </summary>
    public async Task<Result<SessionPayment>> CancelTransactionAsync(
        Guid paymentId, Guid? merchantId, string? reason, string? actor = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Actor = actor;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var payment = await db.Payments.AsNoTracking()
                .FirstOrDefaultAsync(p => p.Id == paymentId && (merchantId == null || p.MerchantId == merchantId), cancellationToken);
            if (payment is null)
            {
                return PayError.NotFound("Transaction");
            }

            var session = await db.Sessions.FirstAsync(s => s.Id == payment.SessionId, cancellationToken);
            if (session.TransactionId != payment.Id)
            {
                return PayError.Conflict(ErrorCodes.PaymentClosed, "The customer replaced this transaction with another choice; it is already canceled.");
            }

            if (await CancelSaleAsync(db, session, reason, cancellationToken) is { } refused)
            {
                return refused;
            }

            return new SessionPayment(session, await db.Payments.AsNoTracking().FirstAsync(p => p.Id == paymentId, cancellationToken));
        }
    }

    /// <summary>Cancels a pending sale and its open transaction and saves; inside the caller's write gate. Null when done.</summary>
    private async Task<PayError?> CancelSaleAsync(PayDbContext db, PaySession session, string? reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!session.Cancel(now, reason))
        {
            return PayError.Conflict(ErrorCodes.SessionClosed, $"The session is already {session.StatusAt(now).ToString().ToLowerInvariant()}.");
        }

        if (session.TransactionId is { } paymentId && await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken) is { } payment)
        {
            payment.Cancel(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
