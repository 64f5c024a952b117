using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Notifications;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// Voucher sessions on the core model: each redeemed voucher is backed by its own payment session (kind
/// Voucher) and payment, so it confirms, expires and settles on its own; the voucher session only groups them.
/// </summary>
public sealed class VoucherService(
    IDbContextFactory<PayDbContext> dbFactory,
    WriteGate writeGate,
    TimeProvider time,
    NetworkCatalog catalog,
    SessionService sessions,
    PaymentClaims claims,
    SessionNotifier notifier,
    IOptions<SessionOptions> sessionOptions)
{
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(15);

    public async Task<Result<VoucherSession>> OpenSessionAsync(VoucherPrincipal payee, SessionOpenRequest request, CancellationToken cancellationToken = default)
    {
        if (RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        if (request.Type is { } type && type != "SESSION_DEFAULT")
        {
            return PayError.Validation("type", "type must be SESSION_DEFAULT (the only session type).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var code = request.Code?.Trim().ToUpperInvariant();
        var context = await db.VoucherContexts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == payee.ContextId, cancellationToken);
        if (context is null || !context.Open || context.Code != code)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.InvalidCode, "The code is not the open payer context this token was issued for.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var session = new VoucherSession
        {
            PublicId = "ses_" + VoucherAuth.NewId(),
            Code = VoucherAuth.NewCode(),
            ContextId = context.Id,
            MerchantId = payee.MerchantId!.Value,
            CreatedAt = now,
        };
        using (await writeGate.EnterAsync(cancellationToken))
        {
            db.VoucherSessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
        }

        Announce(session);
        return session;
    }

    public async Task<Result<VoucherSession>> JoinAsync(VoucherPrincipal payer, string sessionId, CancellationToken cancellationToken = default)
    {
        if (payer.Kind != AccessTokenKind.Payer)
        {
            return Unauthorized("Joining a session needs the payer's token.");
        }

        return await ChangeSessionAsync(payer, sessionId, (session, now) =>
        {
            if (!session.Open)
            {
                return PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed.");
            }

            session.JoinedAt ??= now;
            return null;
        }, cancellationToken);
    }

    /// <summary>Closing discards vouchers still only reserved; redeemed ones keep their payment open until it settles or expires.</summary>
    public async Task<Result<VoucherSession>> CloseAsync(VoucherPrincipal payee, string sessionId, CancellationToken cancellationToken = default)
    {
        if (RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        VoucherSession? session;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            session = await FindSessionAsync(db, payee, sessionId, cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            if (!session.Open)
            {
                return PayError.Conflict(ErrorCodes.AlreadyClosed, "The session is already closed.");
            }

            var now = time.GetUtcNow().UtcDateTime;
            session.Open = false;
            session.ClosedAt = now;
            foreach (var reserved in await db.Vouchers.Where(v => v.VoucherSessionId == session.Id && v.Status == VoucherStatus.Reserved).ToListAsync(cancellationToken))
            {
                reserved.Discard(now);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        Announce(session);
        return session;
    }

    public async Task<Result<Voucher>> ReserveAsync(VoucherPrincipal payee, string sessionId, CancellationToken cancellationToken = default)
    {
        if (RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Voucher voucher;
        VoucherSession? session;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            session = await FindSessionAsync(db, payee, sessionId, cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            if (!session.Open)
            {
                return PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed; open a new one to reserve vouchers.");
            }

            var now = time.GetUtcNow().UtcDateTime;
            // Six digits as the API shows them; when those grow crowded, longer codes rather than an endless search.
            var code = RandomDigits(6);
            for (var attempt = 1; await db.Vouchers.AnyAsync(v => v.PublicId == "vch_" + code, cancellationToken); attempt++)
            {
                code = RandomDigits(attempt < 8 ? 6 : 10);
            }

            voucher = new Voucher
            {
                PublicId = "vch_" + code,
                Code = code,
                VoucherSessionId = session.Id,
                Status = VoucherStatus.Reserved,
                CreatedAt = now,
                UpdatedAt = now,
                ExpiresAt = now + ReservationLifetime,
            };
            db.Vouchers.Add(voucher);
            await db.SaveChangesAsync(cancellationToken);
        }

        Announce(session);
        return voucher;
    }

    public async Task<Result<VoucherView>> RedeemAsync(VoucherPrincipal payee, string voucherId, RedeemRequest request, CancellationToken cancellationToken = default)
    {
        if (RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (voucher, session) = await FindVoucherAsync(db, payee, voucherId, cancellationToken);
        if (voucher is null || session is null)
        {
            return PayError.NotFound("Voucher");
        }

        var validated = Validate(request.ExpectedPayment);
        if (!validated.Ok)
        {
            return validated.Error;
        }

        var (expected, asset, amount) = validated.Value;
        var merchant = await db.Merchants.AsNoTracking().FirstAsync(m => m.Id == session.MerchantId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var paySession = new PaySession
        {
            Kind = SessionKind.Voucher,
            MerchantId = merchant.Id,
            AccountId = merchant.AccountId,
            ExternalMid = merchant.ExternalMid,
            Descriptor = $"Voucher {voucher.Code}",
            ReferenceNumber = voucher.PublicId,
            Amount = amount,
            AmountCurrency = asset.Peg,
            Recipient = expected.Wallet,
            Network = asset.Network.Name,
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now.AddMinutes(merchant.ExpirationMinutes),
        };
        using (await writeGate.EnterAsync(cancellationToken))
        {
            // Checked and changed in one step: a double submit redeems once.
            var tracked = await db.Vouchers.FirstAsync(v => v.Id == voucher.Id, cancellationToken);
            var current = await db.VoucherSessions.AsNoTracking().FirstAsync(s => s.Id == session.Id, cancellationToken);
            if (StateError(tracked.StatusAt(now, null), current) is { } refused)
            {
                return refused;
            }

            db.Sessions.Add(paySession);
            tracked.Redeem(paySession.Id, expected, paySession.ExpiresAt, now);
            await db.SaveChangesAsync(cancellationToken);
            voucher = tracked;
        }

        var payment = await sessions.PickAsync(paySession.Id, merchant.Id, asset.Symbol, asset.Network.Name, cancellationToken);
        if (!payment.Ok)
        {
            return payment.Error;
        }

        Announce(session);
        return new VoucherView(voucher, voucher.Status, session.PublicId, payment.Value);
    }

    public async Task<Result<VoucherView>> DiscardAsync(VoucherPrincipal payee, string voucherId, CancellationToken cancellationToken = default)
    {
        if (RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (voucher, session) = await FindVoucherAsync(db, payee, voucherId, cancellationToken);
        if (voucher is null || session is null)
        {
            return PayError.NotFound("Voucher");
        }

        var payment = await PaymentOfAsync(db, voucher, cancellationToken);
        switch (voucher.StatusAt(time.GetUtcNow().UtcDateTime, payment?.Status))
        {
            case VoucherStatus.Resolved:
                return PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is resolved: its payment was made and cannot be discarded.");
            case VoucherStatus.Discarded or VoucherStatus.Expired:
                return PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher is already discarded or expired.");
        }

        if (payment is { Paid.IsZero: false })
        {
            return PayError.Conflict(ErrorCodes.PaymentClosed, "A transfer for this voucher has arrived; it can no longer be discarded.");
        }

        if (voucher.PaySessionId is { } paySessionId)
        {
            await sessions.CancelAsync(paySessionId, session.MerchantId, cancellationToken);
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            var tracked = await db.Vouchers.FirstAsync(v => v.Id == voucher.Id, cancellationToken);
            tracked.Discard(time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            voucher = tracked;
        }

        Announce(session);
        return new VoucherView(voucher, voucher.Status, session.PublicId, await PaymentOfAsync(db, voucher, cancellationToken));
    }

    /// <summary>The payer submits 1–5 receipts; each is checked on chain (network, token, recipient, amount) before the voucher resolves.</summary>
    public async Task<Result<VoucherView>> ResolveAsync(VoucherPrincipal payer, string voucherId, ResolveRequest request, CancellationToken cancellationToken = default)
    {
        if (payer.Kind != AccessTokenKind.Payer)
        {
            return Unauthorized("Resolving a voucher needs the payer's token.");
        }

        if (request.Receipts is not { Count: >= 1 and <= PaymentClaims.MaxReceipts } receipts)
        {
            return PayError.Validation("receipts", $"Give 1 to {PaymentClaims.MaxReceipts} receipts, each {{ \"txHash\": \"0x…\" }}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (voucher, session) = await FindVoucherAsync(db, payer, voucherId, cancellationToken);
        if (voucher is null || session is null)
        {
            return PayError.NotFound("Voucher");
        }

        var payment = await PaymentOfAsync(db, voucher, cancellationToken);
        switch (voucher.StatusAt(time.GetUtcNow().UtcDateTime, payment?.Status))
        {
            case VoucherStatus.Reserved:
                return PayError.Conflict(ErrorCodes.NotRedeemed, "The voucher is not redeemed yet: the payee has not said what to pay.");
            case VoucherStatus.Resolved:
                return PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is already resolved.");
            case VoucherStatus.Discarded or VoucherStatus.Expired:
                return PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher was discarded or has expired.");
        }

        var claimed = await claims.ClaimAsync(payment!.Id, null, receipts.Select(r => r?.TxHash).ToList(), requireMined: true, cancellationToken);
        if (!claimed.Ok)
        {
            return claimed.Error;
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            var tracked = await db.Vouchers.FirstAsync(v => v.Id == voucher.Id, cancellationToken);
            tracked.Resolve(time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            voucher = tracked;
        }

        Announce(session);
        return new VoucherView(voucher, voucher.Status, session.PublicId, claimed.Value.Payment);
    }

    /// <summary>
    /// FX for SIMPLE vouchers: the payer pays a redeemed, unpaid voucher in another token of its network, priced
    /// from the expected amount through the configured rates. The expected payment stays as the payee set it.
    /// </summary>
    public async Task<Result<VoucherView>> PayInAsync(VoucherPrincipal payer, string voucherId, string? asset, CancellationToken cancellationToken = default)
    {
        if (payer.Kind != AccessTokenKind.Payer)
        {
            return Unauthorized("Choosing how to pay needs the payer's token.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (voucher, session) = await FindVoucherAsync(db, payer, voucherId, cancellationToken);
        if (voucher is null || session is null)
        {
            return PayError.NotFound("Voucher");
        }

        var payment = await PaymentOfAsync(db, voucher, cancellationToken);
        var status = voucher.StatusAt(time.GetUtcNow().UtcDateTime, payment?.Status);
        if (status != VoucherStatus.Redeemed || payment is null || !payment.Paid.IsZero)
        {
            return status == VoucherStatus.Reserved
                ? PayError.Conflict(ErrorCodes.NotRedeemed, "The voucher is not redeemed yet.")
                : PayError.Conflict(ErrorCodes.PaymentClosed, "The voucher is no longer waiting for a payment.");
        }

        var picked = await sessions.PickAsync(voucher.PaySessionId!.Value, null, asset, voucher.Network, cancellationToken);
        if (!picked.Ok)
        {
            return picked.Error;
        }

        Announce(session);
        return new VoucherView(voucher, status, session.PublicId, picked.Value);
    }

    public async Task<VoucherSessionView?> GetSessionAsync(VoucherPrincipal caller, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await FindSessionAsync(db, caller, sessionId, cancellationToken);
        return session is null ? null : await ViewAsync(db, session, cancellationToken);
    }

    public async Task<VoucherView?> GetVoucherAsync(VoucherPrincipal caller, string voucherId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (voucher, session) = await FindVoucherAsync(db, caller, voucherId, cancellationToken);
        if (voucher is null || session is null)
        {
            return null;
        }

        var payment = await PaymentOfAsync(db, voucher, cancellationToken);
        return new VoucherView(voucher, voucher.StatusAt(time.GetUtcNow().UtcDateTime, payment?.Status), session.PublicId, payment);
    }

    /// <summary>The payer's wallet: every session payees opened with its context, newest first.</summary>
    public async Task<IReadOnlyList<VoucherSessionView>> SessionsOfContextAsync(VoucherPrincipal payer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.VoucherSessions.AsNoTracking().Where(s => s.ContextId == payer.ContextId).OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
        var views = new List<VoucherSessionView>();
        foreach (var session in found)
        {
            views.Add(await ViewAsync(db, session, cancellationToken));
        }

        return views;
    }

    private async Task<VoucherSessionView> ViewAsync(PayDbContext db, VoucherSession session, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var merchantName = await db.Merchants.Where(m => m.Id == session.MerchantId).Select(m => m.Name).FirstAsync(cancellationToken);
        var vouchers = await db.Vouchers.AsNoTracking().Where(v => v.VoucherSessionId == session.Id).OrderBy(v => v.CreatedAt).ToListAsync(cancellationToken);
        var views = new List<VoucherView>();
        foreach (var voucher in vouchers)
        {
            var payment = await PaymentOfAsync(db, voucher, cancellationToken);
            views.Add(new VoucherView(voucher, voucher.StatusAt(now, payment?.Status), session.PublicId, payment));
        }

        return new VoucherSessionView(session, merchantName, views);
    }

    private async Task<Result<VoucherSession>> ChangeSessionAsync(
        VoucherPrincipal caller, string sessionId, Func<VoucherSession, DateTime, PayError?> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        VoucherSession? session;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            session = await FindSessionAsync(db, caller, sessionId, cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            if (change(session, time.GetUtcNow().UtcDateTime) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        Announce(session);
        return session;
    }

    /// <summary>A session the caller may see: the payer's own context's, or the payee's own (same merchant, same context).</summary>
    private static Task<VoucherSession?> FindSessionAsync(PayDbContext db, VoucherPrincipal caller, string sessionId, CancellationToken cancellationToken) =>
        db.VoucherSessions.FirstOrDefaultAsync(
            s => s.PublicId == sessionId && s.ContextId == caller.ContextId && (caller.MerchantId == null || s.MerchantId == caller.MerchantId), cancellationToken);

    private static async Task<(Voucher? Voucher, VoucherSession? Session)> FindVoucherAsync(PayDbContext db, VoucherPrincipal caller, string voucherId, CancellationToken cancellationToken)
    {
        var voucher = await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(v => v.PublicId == voucherId, cancellationToken);
        if (voucher is null)
        {
            return (null, null);
        }

        var session = await db.VoucherSessions.AsNoTracking().FirstOrDefaultAsync(
            s => s.Id == voucher.VoucherSessionId && s.ContextId == caller.ContextId && (caller.MerchantId == null || s.MerchantId == caller.MerchantId), cancellationToken);
        return session is null ? (null, null) : (voucher, session);
    }

    private static async Task<Payment?> PaymentOfAsync(PayDbContext db, Voucher voucher, CancellationToken cancellationToken)
    {
        if (voucher.PaySessionId is not { } paySessionId)
        {
            return null;
        }

        var transactionId = await db.Sessions.Where(s => s.Id == paySessionId).Select(s => s.TransactionId).FirstOrDefaultAsync(cancellationToken);
        return transactionId is { } id ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
    }

    private static PayError? StateError(VoucherStatus status, VoucherSession session) => status switch
    {
        _ when !session.Open => PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed."),
        VoucherStatus.Redeemed => PayError.Conflict(ErrorCodes.AlreadyRedeemed, "The voucher is already redeemed; discard it and reserve another to change the payment."),
        VoucherStatus.Resolved => PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is already resolved."),
        VoucherStatus.Discarded or VoucherStatus.Expired => PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher was discarded or its reservation expired; reserve a new one."),
        _ => null,
    };

    private Result<(ExpectedPayment Expected, Asset Asset, decimal Amount)> Validate(ExpectedPaymentRequest? request)
    {
        if (request is null)
        {
            return PayError.Validation("expectedPayment", "expectedPayment is required.");
        }

        var errors = new Dictionary<string, string[]>();
        string? address = null;
        if (request.CurrencyAddress is not null && !EvmAddress.TryParse(request.CurrencyAddress, out address))
        {
            errors["expectedPayment.currencyAddress"] = ["currencyAddress must be a 0x-prefixed 20-byte address."];
        }

        Asset? asset = null;
        if (request.Network is { } networkName)
        {
            asset = address is not null
                ? catalog.AssetsOn(networkName.ToLowerInvariant()).FirstOrDefault(a => a.Contract == address)
                : catalog.FindAsset(networkName, request.Currency);
        }
        else if (address is not null)
        {
            // Network auto-detection: the token contract names it, when exactly one configured network has it.
            var candidates = catalog.Assets.Where(a => a.Contract == address).ToList();
            asset = candidates.Count == 1 ? candidates[0] : null;
        }

        if (asset is null && !errors.ContainsKey("expectedPayment.currencyAddress"))
        {
            errors["expectedPayment.currency"] = ["No accepted token matches this network, currency and currencyAddress."];
        }
        else if (asset is not null && request.Currency is { } currency && !string.Equals(currency, asset.Symbol, StringComparison.OrdinalIgnoreCase))
        {
            errors["expectedPayment.currency"] = [$"currencyAddress is {asset.Symbol} on {asset.Network.Name}, not {currency}."];
        }

        decimal amount = 0;
        if (asset is not null && (!Chain.TokenAmount.TryParse(request.Amount, asset.Decimals, out var units) || units.IsZero
            || !decimal.TryParse(request.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) || amount > sessionOptions.Value.MaxAmount))
        {
            errors["expectedPayment.amount"] = [$"amount must be a decimal string above zero, at most {sessionOptions.Value.MaxAmount}, with at most {asset.Decimals} decimals."];
        }

        if (!EvmAddress.TryParse(request.Wallet?.Address, out var wallet))
        {
            errors["expectedPayment.wallet.address"] = ["wallet.address must be the receiving 0x-prefixed 20-byte address."];
        }

        return errors.Count > 0
            ? PayError.Validation(errors)
            : (new ExpectedPayment(asset!.Network.Name, asset.Symbol, asset.Contract, request.Amount!, wallet!), asset, amount);
    }

    private void Announce(VoucherSession session)
    {
        notifier.Publish(new SessionChanged(session.Id, session.MerchantId, PaymentStatus.Pending, null, SessionChange.VoucherChanged));
        notifier.Publish(new SessionChanged(session.ContextId, session.MerchantId, PaymentStatus.Pending, null, SessionChange.VoucherChanged));
    }

    private static PayError? RequirePayee(VoucherPrincipal caller) =>
        caller.Kind == AccessTokenKind.Payee && caller.MerchantId is not null ? null : Unauthorized("This call needs the payee's token from /api/v1/auth/sign-in.");

    private static PayError Unauthorized(string message) => new(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, message);

    private static string RandomDigits(int count) => System.Security.Cryptography.RandomNumberGenerator.GetString("0123456789", count);
}
