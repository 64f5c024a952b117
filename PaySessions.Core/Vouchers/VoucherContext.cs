using PaySessions.Core.Common;
using PaySessions.Core.Events;

namespace PaySessions.Core.Vouchers;

/// <summary>A payer's wallet context: the code a payer shows the payee so the payee can open a session with it.</summary>
public sealed class VoucherContext : Aggregate
{
    private VoucherContext()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string PublicId { get; private set; } = "";

    public string Code { get; private set; } = "";

    public bool Open { get; private set; } = true;

    public DateTime CreatedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public static VoucherContext OpenWith(string publicId, string code, DateTime now)
    {
        var context = new VoucherContext { PublicId = publicId, Code = code, CreatedAt = now };
        context.Record(new VoucherContextOpened(publicId) { OccurredAt = now, ContextId = context.Id });
        return context;
    }

    public PayError? Close(DateTime now)
    {
        if (!Open)
        {
            return PayError.Conflict(ErrorCodes.AlreadyClosed, "The context is already closed.");
        }

        Open = false;
        ClosedAt = now;
        Record(new VoucherContextClosed(PublicId) { OccurredAt = now, ContextId = Id });
        return null;
    }
}
