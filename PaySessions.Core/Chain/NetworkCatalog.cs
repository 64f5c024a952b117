using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;

namespace PaySessions.Core.Chain;

public sealed record Network(string Name, string DisplayName, long ChainId, IReadOnlyList<string> RpcUrls, int Confirmations, string? WebSocketUrl = null);

public sealed record Asset(Network Network, string Symbol, string Contract, int Decimals, string Peg);

/// <summary>The networks and tokens this installation accepts, read once from configuration and validated.</summary>
public sealed class NetworkCatalog
{
    private readonly FrozenDictionary<string, Network> _networks;
    private readonly FrozenDictionary<(string Network, string Symbol), Asset> _assets;

    public NetworkCatalog(IEnumerable<KeyValuePair<string, NetworkOptions>> networks)
    {
        var nets = new Dictionary<string, Network>(StringComparer.Ordinal);
        var assets = new Dictionary<(string, string), Asset>();
        foreach (var (rawName, options) in networks)
        {
            var name = rawName.ToLowerInvariant();
            if (options.ChainId <= 0)
            {
                throw new InvalidOperationException($"Network '{name}' needs a positive ChainId.");
            }

            var display = string.IsNullOrWhiteSpace(options.DisplayName) ? char.ToUpperInvariant(name[0]) + name[1..] : options.DisplayName;
            var rpcUrls = options.RpcUrls.Where(u => !string.IsNullOrWhiteSpace(u)).ToList();
            var network = new Network(name, display, options.ChainId, rpcUrls, Math.Max(1, options.Confirmations),
                string.IsNullOrWhiteSpace(options.WebSocketUrl) ? null : options.WebSocketUrl);
            nets[name] = network;
            foreach (var (rawSymbol, asset) in options.Assets)
            {
                var symbol = rawSymbol.ToUpperInvariant();
                if (!EvmAddress.TryParse(asset.Contract, out var contract))
                {
                    throw new InvalidOperationException($"Asset {symbol} on {name} has an invalid contract address '{asset.Contract}'.");
                }

                if (asset.Decimals is < 0 or > 36)
                {
                    throw new InvalidOperationException($"Asset {symbol} on {name} has out-of-range decimals {asset.Decimals}.");
                }

                assets[(name, symbol)] = new Asset(network, symbol, contract, asset.Decimals, asset.Peg.ToUpperInvariant());
            }
        }

        _networks = nets.ToFrozenDictionary();
        _assets = assets.ToFrozenDictionary();
    }

    public static NetworkCatalog FromConfiguration(IConfiguration configuration)
    {
        var networks = configuration.GetSection("Networks").Get<Dictionary<string, NetworkOptions>>() ?? [];
        return new NetworkCatalog(networks);
    }

    public IEnumerable<Network> Networks => _networks.Values.OrderBy(n => n.Name, StringComparer.Ordinal);

    public IEnumerable<Asset> Assets => _assets.Values.OrderBy(a => a.Network.Name, StringComparer.Ordinal).ThenBy(a => a.Symbol, StringComparer.Ordinal);

    public Network? FindNetwork(string? name) =>
        name is not null && _networks.TryGetValue(name.ToLowerInvariant(), out var network) ? network : null;

    public IEnumerable<Asset> AssetsOn(string network) => Assets.Where(a => a.Network.Name == network);

    public Asset? FindAsset(string? network, string? symbol) =>
        network is not null && symbol is not null && _assets.TryGetValue((network.ToLowerInvariant(), symbol.ToUpperInvariant()), out var asset) ? asset : null;
}
