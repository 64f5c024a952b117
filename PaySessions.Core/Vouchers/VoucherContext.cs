using PaySessions.Core.Common;
using PaySessions.Core.Events;

namespace PaySessions.Core.Vouchers;

/// <summary>The alphabet of a context's code. Wire values: <c>alphanum</c>, <c>numeric</c>.</summary>
public enum ContextFormat
{
    /// <summary>Six characters without 0/O or 1/I, read aloud and typed without mistakes.</summary>
    Alphanum = 0,

    /// <summary>Six digits, for keypads.</summary>
    Numeric = 1,
}

/// <summary>
/// A payer's wallet context: the code a payer shows the payee so the payee can open a session or reserve a voucher
/// with it. One payer (<see cref="PayerId"/>) may hold several contexts; each names the wallet addresses the payer
/// pays from (<see cref="Payers"/>), so a transaction sent for one of its vouchers can be checked to come from the payer.
/// </summary>
public sealed class VoucherContext : Aggregate
{
    public const int MaxPayers = 10;

    private VoucherContext()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary>Who holds the context: the payer's token reaches every context with the same payer id.</summary>
    public Guid PayerId { get; private set; }

    public string PublicId { get; private set; } = "";

    public string Code { get; private set; } = "";

    public ContextFormat Format { get; private set; }

    /// <summary>The payer's wallet addresses, lowercase; empty when the payer named none (the wallet page without a browser wallet).</summary>
    public List<string> Payers { get; private set; } = [];

    public bool Open { get; private set; } = true;

    public DateTime CreatedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    /// <summary>A context changes once: when it closes.</summary>
    public DateTime UpdatedAt => ClosedAt ?? CreatedAt;

    /// <param name="payerId">The payer's id; null for a new payer, whose id is then this first context's own.</param>
    public static VoucherContext OpenWith(string publicId, string code, ContextFormat format, IReadOnlyList<string> payers, Guid? payerId, DateTime now)
    {
        if (payers.Count > MaxPayers)
        {
            throw new ArgumentException($"A context names at most {MaxPayers} payers.", nameof(payers));
        }

        var context = new VoucherContext { PublicId = publicId, Code = code, Format = format, Payers = [.. payers], CreatedAt = now };
        context.PayerId = payerId ?? context.Id;
        context.Record(new VoucherContextOpened(publicId) { OccurredAt = now, ContextId = context.Id });
        return context;
    }

    /// <summary>Whether <paramref name="address"/> may send this payer's transactions: any address when the payer named none.</summary>
    public bool MaySend(string address) => Payers.Count == 0 || Payers.Contains(address.ToLowerInvariant());

    /// <param name="payeeId">The payee the payer closes it for, as the caller named it (64 characters), or null.</param>
    public PayError? Close(string? payeeId, DateTime now)
    {
        if (!Open)
        {
            return PayError.Conflict(ErrorCodes.AlreadyClosed, "The context is already closed.");
        }

        Open = false;
        ClosedAt = now;
        Record(new VoucherContextClosed(PublicId, payeeId) { OccurredAt = now, ContextId = Id });
        return null;
    }
}
