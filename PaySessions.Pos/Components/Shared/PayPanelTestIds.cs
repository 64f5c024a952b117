namespace PaySessions.Pos.Components.Shared;

/// <summary>
/// The <c>data-testid</c>s a <see cref="PayPanel"/> puts on its parts. The checkout page and a voucher card keep the
/// names their screens have always used, so scripts and browser tests find the same elements in the same places.
/// </summary>
public sealed record PayPanelTestIds(
    string Amount,
    string CopyAmount,
    string NetworkWarning,
    string Qr,
    string OpenWallet,
    string PayWithBrowserWallet,
    string PayWithDemoWallet,
    string Recipient,
    string CopyAddress)
{
    public static readonly PayPanelTestIds Checkout = new(
        "token-amount", "copy-amount", "network-warning", "pay-qr", "open-wallet",
        "pay-browser-wallet", "pay-demo-wallet", "recipient", "copy-address");

    public static readonly PayPanelTestIds Voucher = new(
        "voucher-token-amount", "voucher-copy-amount", "voucher-network-warning", "voucher-qr", "voucher-open-wallet",
        "voucher-pay-browser", "voucher-pay-demo", "voucher-recipient", "voucher-copy-address");
}
