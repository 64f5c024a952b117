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
public sealed partial class VoucherService(
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

        return await InSessionAsync<VoucherSession>(payer, sessionId, (_, session, now) =>
        {
            if (!session.Open)
            {
                return Task.FromResult<Result<VoucherSession>>(PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed."));
            }

            session.JoinedAt ??= now;
            return Task.FromResult<Result<VoucherSession>>(session);
        }, cancellationToken);
    }

    /// <summary>Closing discards vouchers still only reserved; redeemed ones keep their payment open until it settles or expires.</summary>
    public async Task<Result<VoucherSession>> CloseAsync(VoucherPrincipal payee, string sessionId, CancellationToken cancellationToken = default)
    {
        if (RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        return await InSessionAsync<VoucherSession>(payee, sessionId, async (db, session, now) =>
        {
            if (!session.Open)
            {
                return PayError.Conflict(ErrorCodes.AlreadyClosed, "The session is already closed.");
            }

            session.Open = false;
            session.ClosedAt = now;
            foreach (var reserved in await db.Vouchers.Where(v => v.VoucherSessionId == session.Id && v.Status == VoucherStatus.Reserved).ToListAsync(cancellationToken))
            {
                reserved.Discard(now);
            }

            return session;
        }, cancellationToken);
    }

    public async Task<Result<Voucher>> ReserveAsync(VoucherPrincipal payee, string sessionId, CancellationToken cancellationToken = default)
    {
        if (RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        return await InSessionAsync<Voucher>(payee, sessionId, async (db, session, now) =>
        {
            if (!session.Open)
            {
                return PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed; open a new one to reserve vouchers.");
            }

            // Six digits as the API shows them; when those grow crowded, longer codes rather than an endless search.
            var code = RandomDigits(6);
            for (var attempt = 1; await db.Vouchers.AnyAsync(v => v.PublicId == "vch_" + code, cancellationToken); attempt++)
            {
                code = RandomDigits(attempt < 8 ? 6 : 10);
            }

            var voucher = new Voucher
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
            return voucher;
        }, cancellationToken);
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

        var validated = ExpectedPaymentRules.Check(request.ExpectedPayment, catalog, sessionOptions.Value.MaxAmount);
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

    /// <summary>Finds the caller's session and applies one change to it under the write gate; announces it when it took.</summary>
    private async Task<Result<T>> InSessionAsync<T>(
        VoucherPrincipal caller, string sessionId, Func<PayDbContext, VoucherSession, DateTime, Task<Result<T>>> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        VoucherSession? session;
        Result<T> result;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            session = await FindSessionAsync(db, caller, sessionId, cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            result = await change(db, session, time.GetUtcNow().UtcDateTime);
            if (!result.Ok)
            {
                return result.Error;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        Announce(session);
        return result;
    }

    private static PayError? StateError(VoucherStatus status, VoucherSession session) => status switch
    {
        _ when !session.Open => PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed."),
        VoucherStatus.Redeemed => PayError.Conflict(ErrorCodes.AlreadyRedeemed, "The voucher is already redeemed; discard it and reserve another to change the payment."),
        VoucherStatus.Resolved => PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is already resolved."),
        VoucherStatus.Discarded or VoucherStatus.Expired => PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher was discarded or its reservation expired; reserve a new one."),
        _ => null,
    };

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
