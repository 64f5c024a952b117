using Microsoft.Extensions.Options;
using PaySessions.Core.DevChain;

namespace PaySessions.Core.Installation;

/// <summary>
/// In Development the local anvil chain poses as one network and the app points that network at it (on a new port
/// every run). Saved RPC settings for that network would aim at a node that is gone, so they do not apply to it.
/// </summary>
public sealed class DevChainNetwork(IOptions<DevChainOptions> options)
{
    public bool Owns(string network) =>
        options.Value.Enabled && string.Equals(options.Value.Network, network, StringComparison.OrdinalIgnoreCase);
}
