using PaySessions.Core.Chain;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Payments;

/// <summary>Customers are offered only tokens of networks the installation can watch, that is, with an RPC URL.</summary>
public sealed class OfferedNetworksTests
{
    private const string Wallet = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

    /// <summary>Besides the test polygon (which has an RPC URL), Base as shipped: configured, no RPC URL.</summary>
    private static readonly Dictionary<string, string?> WithBaseUnwatched = new()
    {
        ["Networks:base:ChainId"] = "8453",
        ["Networks:base:DisplayName"] = "Base",
        ["Networks:base:Confirmations"] = "10",
        ["Networks:base:Assets:USDC:Contract"] = "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913",
        ["Networks:base:Assets:EURC:Contract"] = "0x60a3e35cc302bfa44cb288bc5a4f316fdb1adb42",
        ["Networks:base:Assets:EURC:Peg"] = "EUR",
    };

    [Fact]
    public async Task a_network_without_an_rpc_url_is_not_quoted_though_the_merchant_accepts_its_tokens()
    {
        await using var core = await CoreHarness.StartAsync(WithBaseUnwatched);
        var (merchant, _) = await core.Get<MerchantRegistry>().CreateAsync("Two Networks", [
            new WalletSpec("polygon", Wallet, ["USDC", "EURC"]),
            new WalletSpec("base", Wallet, ["USDC", "EURC"]),
        ]);

        var quotes = core.Get<Pricing>().Quotes(merchant, "USD", 10m, null);

        Assert.Equal(["polygon:EURC", "polygon:USDC"], quotes.Select(q => $"{q.Asset.Network.Name}:{q.Asset.Symbol}"));
        Assert.False(core.Get<NetworkCatalog>().FindNetwork("base")!.Offered);
        Assert.DoesNotContain(core.Get<NetworkCatalog>().OfferedAssets, a => a.Network.Name == "base");
    }

    [Fact]
    public async Task when_no_network_of_the_merchant_has_an_rpc_url_nothing_can_be_sold()
    {
        await using var core = await CoreHarness.StartAsync(new Dictionary<string, string?>(WithBaseUnwatched) { ["Networks:polygon:RpcUrls:0"] = "" });
        var (merchant, _) = await core.Get<MerchantRegistry>().CreateAsync("Unwatched", [new WalletSpec("base", Wallet, ["USDC", "EURC"])]);

        Assert.Empty(core.Get<Pricing>().Quotes(merchant, "USD", 10m, null));
        Assert.Empty(core.Get<Pricing>().Currencies(merchant));
    }
}
