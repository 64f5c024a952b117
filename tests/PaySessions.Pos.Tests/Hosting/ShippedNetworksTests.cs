using Microsoft.Extensions.Configuration;
using PaySessions.Core.Chain;

namespace PaySessions.Pos.Tests.Hosting;

/// <summary>The appsettings.json an operator starts from: the real networks and their issuers' tokens, no RPC URL.</summary>
public sealed class ShippedNetworksTests
{
    private static IConfiguration Shipped() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build();

    [Fact]
    public void the_shipped_settings_list_the_five_real_networks_with_their_chain_ids_and_no_rpc_url()
    {
        var catalog = NetworkCatalog.FromConfiguration(Shipped());

        Assert.Equal(
            [("arbitrum", 42161L, "Arbitrum One"), ("base", 8453L, "Base"), ("ethereum", 1L, "Ethereum"), ("optimism", 10L, "OP Mainnet"), ("polygon", 137L, "Polygon PoS")],
            catalog.Networks.Select(n => (n.Name, n.ChainId, n.DisplayName)));
        Assert.All(catalog.Networks, n =>
        {
            Assert.Empty(n.RpcUrls);
            Assert.Null(n.WebSocketUrl);
            Assert.False(n.Offered);
            Assert.InRange(n.Confirmations, 10, 128);
        });
        Assert.Empty(catalog.OfferedAssets);
    }

    [Fact]
    public void the_shipped_tokens_are_the_issuers_contracts_with_six_decimals_and_their_pegs()
    {
        var catalog = NetworkCatalog.FromConfiguration(Shipped());

        Assert.Equal(
            [
                "arbitrum USDC 0xaf88d065e77c8cc2239327c5edb3a432268e5831 USD",
                "base EURC 0x60a3e35cc302bfa44cb288bc5a4f316fdb1adb42 EUR",
                "base USDC 0x833589fcd6edb6e08f4c7c32d4f71b54bda02913 USD",
                "ethereum EURC 0x1abaea1f7c830bd89acc67ec4af516284b1bc33c EUR",
                "ethereum USDC 0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48 USD",
                "ethereum USDT 0xdac17f958d2ee523a2206206994597c13d831ec7 USD",
                "optimism USDC 0x0b2c639c533813f4aa9d7837caf62653d097ff85 USD",
                "polygon USDC 0x3c499c542cef5e3811e1192ce70d8cc03d5c3359 USD",
                "polygon USDT 0xc2132d05d31c914a87c6611c10748aeb04b58e8f USD",
            ],
            catalog.Assets.Select(a => $"{a.Network.Name} {a.Symbol} {a.Contract} {a.Peg}"));
        Assert.All(catalog.Assets, a => Assert.Equal(6, a.Decimals));
        var raw = Shipped().GetSection("Networks").Get<Dictionary<string, NetworkOptions>>()!;
        Assert.All(raw.Values.SelectMany(n => n.Assets.Values), a => Assert.Equal(a.Contract.ToLowerInvariant(), a.Contract));
        Assert.True(new NetworksOptionsValidator().Validate(null, Bind(raw)).Succeeded);
    }

    private static NetworksOptions Bind(Dictionary<string, NetworkOptions> networks)
    {
        var options = new NetworksOptions();
        foreach (var (name, network) in networks)
        {
            options[name] = network;
        }

        return options;
    }
}
