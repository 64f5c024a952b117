using PaySessions.Core.Merchants;

namespace PaySessions.Pos.Components.Shared;

/// <summary>
/// The merchant the signed-in cashier sells for, resolved once per circuit by <see cref="CurrentMerchantProvider"/>
/// and cascaded to the pages. <see cref="Merchant"/> is null for a visitor, or when the merchant no longer exists.
/// </summary>
public sealed record CurrentMerchant(Merchant? Merchant)
{
    public static readonly CurrentMerchant None = new((Merchant?)null);
}
