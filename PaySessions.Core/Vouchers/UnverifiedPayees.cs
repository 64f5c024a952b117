using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// Payees who signed in with a payer's context code alone, as the voucher reference allows: nobody vouches for who
/// they are, so the payer's wallet shows them as <em>unverified</em>. Their sessions, vouchers and the payments behind
/// them are kept in one book of the installation, a store row nobody belongs to: no users, keys, wallets or webhooks,
/// never listed, never the installation's first store. A payee that signs in with its store's secret key is that store
/// instead, and the payer sees the store's name.
/// </summary>
public static class UnverifiedPayees
{
    public static readonly Guid MerchantId = new("00000000-0000-0000-0000-0000000a0001");

    public const string Name = "Unverified payee";

    /// <summary>Adds the book on first use, inside the caller's write gate; the caller's save stores it.</summary>
    public static async Task EnsureAsync(PayDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (!await db.Merchants.AnyAsync(m => m.Id == MerchantId, cancellationToken)
            && !db.Merchants.Local.Any(m => m.Id == MerchantId))
        {
            db.Merchants.Add(new Merchant { Id = MerchantId, Name = Name, CreatedAt = now });
        }
    }
}
