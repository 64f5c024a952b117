using PaySessions.Core.Common;
using PaySessions.Core.Events;

namespace PaySessions.Core.Vouchers;

/// <summary>A payee's session with one payer context: groups independent vouchers. Open until the payee closes it.</summary>
public sealed class VoucherSession : Aggregate
{
    private VoucherSession()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string PublicId { get; private set; } = "";

    public string Code { get; private set; } = "";

    public Guid ContextId { get; private set; }

    public Guid MerchantId { get; private set; }

    public string Type { get; private set; } = "SESSION_DEFAULT";

    public bool Open { get; private set; } = true;

    public DateTime? JoinedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public static VoucherSession OpenFor(VoucherContext context, Guid merchantId, string publicId, string code, DateTime now)
    {
        var session = new VoucherSession { PublicId = publicId, Code = code, ContextId = context.Id, MerchantId = merchantId, CreatedAt = now };
        session.Record(new VoucherSessionOpened(publicId) { OccurredAt = now });
        return session;
    }

    /// <summary>When the session last changed: opened, joined or closed.</summary>
    public DateTime UpdatedAt => ClosedAt ?? JoinedAt ?? CreatedAt;

    /// <summary>The payee signed in with the payer's code alone: nobody vouches for who they are.</summary>
    public bool Unverified => MerchantId == UnverifiedPayees.MerchantId;

    /// <summary>The payer joins, once.</summary>
    public PayError? Join(DateTime now)
    {
        if (!Open)
        {
            return PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed.");
        }

        if (JoinedAt is not null)
        {
            return PayError.Conflict(ErrorCodes.AlreadyJoined, "The payer has already joined this session.");
        }

        JoinedAt = now;
        Record(new VoucherSessionJoined(PublicId) { OccurredAt = now });
        return null;
    }

    /// <summary>Closes the session; vouchers still only reserved are discarded (redeemed ones keep their payment open).</summary>
    public PayError? Close(IEnumerable<Voucher> vouchers, DateTime now)
    {
        if (!Open)
        {
            return PayError.Conflict(ErrorCodes.AlreadyClosed, "The session is already closed.");
        }

        Open = false;
        ClosedAt = now;
        foreach (var voucher in vouchers.Where(v => v.VoucherSessionId == Id && v.Status == VoucherStatus.Reserved))
        {
            voucher.DiscardUnredeemed(this, now);
        }

        Record(new VoucherSessionClosed(PublicId) { OccurredAt = now });
        return null;
    }

    /// <summary>A new voucher in this session under <paramref name="code"/> (see <see cref="Voucher.NewCode"/>).</summary>
    public Result<Voucher> Reserve(string code, DateTime now) =>
        Open ? Voucher.Reserve(this, code, now) : PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed; open a new one to reserve vouchers.");

    private new void Record(DomainEvent domainEvent) => base.Record(domainEvent with { MerchantId = MerchantId, SessionId = Id, ContextId = ContextId });
}
