using System.Collections.Frozen;
using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;

namespace PaySessions.Core.Chain;

public sealed record Network(string Name, string DisplayName, long ChainId, IReadOnlyList<string> RpcUrls, int Confirmations, string? WebSocketUrl = null, string? Explorer = null)
{
    /// <summary>The explorer's page for a transaction, or null when no explorer is configured for the network.</summary>
    public string? TxLink(string? txHash) =>
        string.IsNullOrWhiteSpace(Explorer) || string.IsNullOrWhiteSpace(txHash) ? null : $"{Explorer.TrimEnd('/')}/tx/{txHash}";

    /// <summary>Customers are offered a network's tokens only when the installation can watch it, that is, when it has an RPC URL.</summary>
    public bool Offered => RpcUrls.Count > 0;
}

public sealed record Asset(Network Network, string Symbol, string Contract, int Decimals, string Peg);

/// <summary>
/// The networks and tokens this installation knows. Configuration (appsettings.json) defines them and is validated
/// once; the installation owner's saved settings (RPC URLs, WebSocket URL, confirmation depth) are laid over it at run
/// time. Readers always see one consistent snapshot: a change builds a new one, swaps it whole and tells subscribers.
/// </summary>
public sealed class NetworkCatalog
{
    private readonly FrozenDictionary<string, Network> _configured;
    private readonly IReadOnlyList<AssetDefinition> _definitions;
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, NetworkOverride> _overrides = ImmutableDictionary<string, NetworkOverride>.Empty;
    private ImmutableList<Action<Network>> _subscribers = [];
    private volatile Snapshot _current;

    public NetworkCatalog(IEnumerable<KeyValuePair<string, NetworkOptions>> networks)
    {
        var configured = new Dictionary<string, Network>(StringComparer.Ordinal);
        var definitions = new List<AssetDefinition>();
        foreach (var (rawName, options) in networks)
        {
            var name = rawName.ToLowerInvariant();
            if (options.ChainId <= 0)
            {
                throw new InvalidOperationException($"Network '{name}' needs a positive ChainId.");
            }

            var display = string.IsNullOrWhiteSpace(options.DisplayName) ? char.ToUpperInvariant(name[0]) + name[1..] : options.DisplayName;
            var rpcUrls = options.RpcUrls.Where(u => !string.IsNullOrWhiteSpace(u)).ToList();
            configured[name] = new Network(name, display, options.ChainId, rpcUrls, Math.Max(1, options.Confirmations),
                string.IsNullOrWhiteSpace(options.WebSocketUrl) ? null : options.WebSocketUrl,
                string.IsNullOrWhiteSpace(options.Explorer) ? null : options.Explorer.Trim());
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

                definitions.Add(new AssetDefinition(name, symbol, contract, asset.Decimals, asset.Peg.ToUpperInvariant()));
            }
        }

        _configured = configured.ToFrozenDictionary();
        _definitions = definitions;
        _current = Snapshot.Build(_configured, _overrides, _definitions);
    }

    public static NetworkCatalog FromConfiguration(IConfiguration configuration)
    {
        var networks = configuration.GetSection("Networks").Get<Dictionary<string, NetworkOptions>>() ?? [];
        return new NetworkCatalog(networks);
    }

    /// <summary>Every configured network, as in effect now (saved settings applied), by name.</summary>
    public IEnumerable<Network> Networks => _current.Networks.Values.OrderBy(n => n.Name, StringComparer.Ordinal);

    /// <summary>Every configured token, whether or not its network is offered to customers (see <see cref="OfferedAssets"/>).</summary>
    public IEnumerable<Asset> Assets => _current.Assets.Values.OrderBy(a => a.Network.Name, StringComparer.Ordinal).ThenBy(a => a.Symbol, StringComparer.Ordinal);

    /// <summary>The tokens customers may pay with: those of networks that have an RPC URL.</summary>
    public IEnumerable<Asset> OfferedAssets => Assets.Where(a => a.Network.Offered);

    public Network? FindNetwork(string? name) =>
        name is not null && _current.Networks.TryGetValue(name.ToLowerInvariant(), out var network) ? network : null;

    /// <summary>The network as appsettings.json (and the environment) define it, before saved settings.</summary>
    public Network? Configured(string? name) =>
        name is not null && _configured.TryGetValue(name.ToLowerInvariant(), out var network) ? network : null;

    public IEnumerable<Asset> AssetsOn(string network) => Assets.Where(a => a.Network.Name == network);

    public Asset? FindAsset(string? network, string? symbol) =>
        network is not null && symbol is not null && _current.Assets.TryGetValue((network.ToLowerInvariant(), symbol.ToUpperInvariant()), out var asset) ? asset : null;

    /// <summary>
    /// Lays saved settings over one configured network. Subscribers hear of the network as it is now in effect, when it
    /// changed. Unknown networks are ignored (a saved setting may outlive its network's configuration).
    /// </summary>
    public Network? Apply(NetworkOverride change)
    {
        var name = change.Network.ToLowerInvariant();
        Network? before, after;
        ImmutableList<Action<Network>> subscribers;
        lock (_gate)
        {
            if (!_configured.ContainsKey(name))
            {
                return null;
            }

            before = _current.Networks[name];
            _overrides = _overrides.SetItem(name, change with { Network = name });
            _current = Snapshot.Build(_configured, _overrides, _definitions);
            after = _current.Networks[name];
            subscribers = _subscribers;
        }

        if (!SameSettings(before, after))
        {
            foreach (var subscriber in subscribers)
            {
                subscriber(after);
            }
        }

        return after;
    }

    /// <summary>Hears of every network whose settings change, until disposed. Called on the changing thread: keep it short.</summary>
    public IDisposable Subscribe(Action<Network> changed)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Add(changed);
        }

        return new Unsubscriber(this, changed);
    }

    /// <summary>Whether two versions of a network have the same endpoints (same node order, same WebSocket).</summary>
    public static bool SameEndpoints(Network a, Network b) =>
        a.RpcUrls.SequenceEqual(b.RpcUrls, StringComparer.Ordinal) && a.WebSocketUrl == b.WebSocketUrl;

    private static bool SameSettings(Network a, Network b) => SameEndpoints(a, b) && a.Confirmations == b.Confirmations;

    private sealed record AssetDefinition(string Network, string Symbol, string Contract, int Decimals, string Peg);

    private sealed record Snapshot(FrozenDictionary<string, Network> Networks, FrozenDictionary<(string Network, string Symbol), Asset> Assets)
    {
        public static Snapshot Build(
            FrozenDictionary<string, Network> configured, ImmutableDictionary<string, NetworkOverride> overrides, IReadOnlyList<AssetDefinition> definitions)
        {
            var networks = configured.ToFrozenDictionary(
                pair => pair.Key,
                pair => overrides.TryGetValue(pair.Key, out var change) ? change.ApplyTo(pair.Value) : pair.Value,
                StringComparer.Ordinal);
            var assets = definitions.ToFrozenDictionary(
                d => (d.Network, d.Symbol),
                d => new Asset(networks[d.Network], d.Symbol, d.Contract, d.Decimals, d.Peg));
            return new Snapshot(networks, assets);
        }
    }

    private sealed class Unsubscriber(NetworkCatalog catalog, Action<Network> changed) : IDisposable
    {
        public void Dispose()
        {
            lock (catalog._gate)
            {
                catalog._subscribers = catalog._subscribers.Remove(changed);
            }
        }
    }
}
