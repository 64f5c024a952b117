namespace PaySessions.Core.Chain;

/// <summary>The <c>Chain</c> section: how the monitor talks to RPC nodes.</summary>
public sealed class ChainOptions
{
    /// <summary>Whether the chain monitor runs at all (tests of the HTTP API alone turn it off).</summary>
    public bool MonitorEnabled { get; set; } = true;

    /// <summary>How often each network's head is polled when no WebSocket subscription is configured.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most blocks one eth_getLogs call may span (providers cap it; 500–2,000 is common).</summary>
    public int MaxBlockRange { get; set; } = 1000;

    /// <summary>How many recent block hashes are kept per network to find the fork point after a reorganisation.</summary>
    public int ReorgWindow { get; set; } = 256;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many passes over all of a network's RPC URLs one call makes before giving up.</summary>
    public int MaxRounds { get; set; } = 3;

    /// <summary>A payment short by at most this share of its amount still counts as paid (flagged underpaid).</summary>
    public decimal UnderpaymentTolerance { get; set; }
}
