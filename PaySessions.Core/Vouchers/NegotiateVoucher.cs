using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// <c>negotiate-voucher</c>: the payer pays a redeemed, unpaid SIMPLE voucher in another token of the same network. We
/// compute the amount from the expected payment through the configured FX rates (the amount the payer sends is
/// ignored), keep the expected payment as the payee set it, and open the payment the payer now pays in its place.
/// </summary>
public sealed class NegotiateVoucher(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time, NetworkCatalog catalog, Pricing pricing, PaymentOpening opening)
{
    public async Task<Result<VoucherView>> ExecuteAsync(VoucherPrincipal payer, string voucherId, NegotiateRequest request, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayer(payer, "Negotiating a voucher") is { } denied)
        {
            return denied;
        }

        var checkedRequest = Check(request.SuppliedPayment);
        if (!checkedRequest.Ok)
        {
            return checkedRequest.Error;
        }

        var (network, currency, address, wallet) = checkedRequest.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (await VoucherScope.FindVoucherAsync(db, payer, voucherId, cancellationToken) is not ({ } voucher, var session))
            {
                return PayError.NotFound("Voucher");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var payment = await VoucherScope.PaymentOfAsync(db, voucher, cancellationToken);
            var paySession = voucher.PaySessionId is { } paySessionId ? await db.Sessions.FirstAsync(s => s.Id == paySessionId, cancellationToken) : null;
            var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == voucher.MerchantId, cancellationToken);
            var asset = catalog.AssetsOn(network).FirstOrDefault(a => a.Contract == address);
            var quote = paySession is null || asset is null ? null
                : pricing.Quotes(merchant, paySession).FirstOrDefault(q => q.Asset.Symbol == asset.Symbol && q.Asset.Network.Name == asset.Network.Name);

            // The voucher refuses first (not redeemed, not SIMPLE, another network, already paid): those say more than a missing rate.
            var supplied = new SuppliedPayment(network, asset?.Symbol ?? currency, address, quote?.DisplayAmount ?? "0", wallet);
            if (voucher.Negotiate(supplied, payment, now) is { } refused)
            {
                return refused;
            }

            if (asset is null || !string.Equals(asset.Symbol, currency, StringComparison.OrdinalIgnoreCase))
            {
                return PayError.Validation("suppliedPayment.currencyAddress", $"No accepted token on {network} is {currency} at {address}.");
            }

            if (quote is null)
            {
                return new PayError(PayErrorKind.Invalid, ErrorCodes.UnsupportedAsset, $"No exchange rate prices {voucher.Currency} in {asset.Symbol}.");
            }

            var opened = await opening.OpenAsync(db, paySession!, merchant, asset.Symbol, asset.Network.Name, now, cancellationToken);
            if (!opened.Ok)
            {
                return opened.Error;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new VoucherView(voucher, voucher.StatusAt(now, opened.Value.Status), session?.PublicId, opened.Value);
        }
    }

    private static Result<(string Network, string Currency, string Address, string Wallet)> Check(ExpectedPaymentRequest? request)
    {
        if (request is null)
        {
            return PayError.Validation("suppliedPayment", "suppliedPayment is required: the token the payer pays in, on the expected payment's network.");
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Network is not { Length: > 0 and <= 50 })
        {
            errors["suppliedPayment.network"] = ["network is required: the expected payment's network."];
        }

        if (request.Currency is not { Length: > 0 and <= 20 })
        {
            errors["suppliedPayment.currency"] = ["currency is required, e.g. USDC."];
        }

        if (!EvmAddress.TryParse(request.CurrencyAddress, out var address))
        {
            errors["suppliedPayment.currencyAddress"] = ["currencyAddress must be the token's 0x-prefixed 20-byte address."];
        }

        if (request.Amount is not { Length: > 0 and <= 40 } || !decimal.TryParse(request.Amount, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            errors["suppliedPayment.amount"] = ["amount is a decimal string (we compute the amount to pay; send your estimate or the expected amount)."];
        }

        if (!EvmAddress.TryParse(request.Wallet?.Address, out var wallet))
        {
            errors["suppliedPayment.wallet.address"] = ["wallet.address must be the payer's 0x-prefixed 20-byte address."];
        }

        return errors.Count > 0 ? PayError.Validation(errors) : (request.Network!.ToLowerInvariant(), request.Currency!.ToUpperInvariant(), address!, wallet!);
    }
}
