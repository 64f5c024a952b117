using PaySessions.Core.Merchants;

namespace PaySessions.Pos.Components.Shared;

/// <summary>
/// The store the signed-in user works in (the API's merchant) and who they are, resolved once per circuit by
/// <see cref="CurrentMerchantProvider"/> and cascaded to the pages. <see cref="Merchant"/> is null for a visitor,
/// or when the store no longer exists.
/// </summary>
public sealed record CurrentMerchant(Merchant? Merchant, Guid? UserId = null)
{
    public static readonly CurrentMerchant None = new((Merchant?)null);
}
