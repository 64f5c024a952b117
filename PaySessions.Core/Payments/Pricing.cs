using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Fx;
using PaySessions.Core.Merchants;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Payments;

/// <summary>What a session costs in one asset, before the uniqueness offset.</summary>
public sealed record AssetQuote(Asset Asset, string Recipient, decimal Rate, BigInteger Amount)
{
    public string DisplayAmount => TokenAmount.Format(Amount, Asset.Decimals);
}

/// <summary>
/// Turns a fiat price into token amounts: 1:1 for a token pegged to the price's currency, otherwise through a rate.
/// Only tokens of networks the installation watches (that have an RPC URL) are quoted: nothing else is offered.
/// </summary>
public sealed class Pricing(IFxRateProvider rates, NetworkCatalog catalog)
{
    public decimal? RateFor(string currency, decimal? sessionRate, Asset asset) =>
        asset.Peg == currency ? 1m : sessionRate ?? rates.GetRate(currency, asset.Peg);

    /// <summary>Every asset the merchant accepts that can be priced for this sale, in a stable order.</summary>
    public IReadOnlyList<AssetQuote> Quotes(Merchant merchant, string currency, decimal amount, decimal? sessionRate)
    {
        var quotes = new List<AssetQuote>();
        foreach (var wallet in merchant.Wallets.OrderBy(w => w.Network, StringComparer.Ordinal))
        {
            foreach (var symbol in wallet.Assets.Order(StringComparer.Ordinal))
            {
                if (catalog.FindAsset(wallet.Network, symbol) is not { Network.Offered: true } asset || RateFor(currency, sessionRate, asset) is not { } rate)
                {
                    continue;
                }

                quotes.Add(new AssetQuote(asset, wallet.Address, rate, TokenAmount.ToBaseUnitsCeiling(amount * rate, asset.Decimals)));
            }
        }

        return quotes;
    }

    /// <summary>The fiat currencies a sale of this merchant can be priced in: its tokens' pegs first, then those with a known rate.</summary>
    public IReadOnlyList<string> Currencies(Merchant merchant)
    {
        var pegs = merchant.Wallets
            .SelectMany(w => w.Assets.Select(a => catalog.FindAsset(w.Network, a)))
            .OfType<Asset>()
            .Where(a => a.Network.Offered)
            .Select(a => a.Peg)
            .Distinct()
            .Order(StringComparer.Ordinal);
        return pegs.Concat(FiatCurrencies.Codes.Where(c => Quotes(merchant, c, 1m, null).Count > 0)).Distinct().ToList();
    }

    public IReadOnlyList<AssetQuote> Quotes(Merchant merchant, PaySession session) =>
        session.Recipient is { } recipient && session.Network is { } network
            ? catalog.AssetsOn(network)
                .Where(a => a.Network.Offered)
                .Select(a => (Asset: a, Rate: RateFor(session.AmountCurrency, session.FxRate, a)))
                .Where(q => q.Rate is not null)
                .Select(q => new AssetQuote(q.Asset, recipient, q.Rate!.Value, TokenAmount.ToBaseUnitsCeiling(session.Amount * q.Rate.Value, q.Asset.Decimals)))
                .ToList()
            : Quotes(merchant, session.AmountCurrency, session.Amount, session.FxRate);
}
