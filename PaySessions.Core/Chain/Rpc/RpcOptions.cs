using Microsoft.Extensions.Options;
using PaySessions.Core.Common;

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

    /// <summary>Only seeds stores that existed before per-store tolerances, once, on upgrade; each store's own setting decides (capped at 0.05 when carried over).</summary>
    public decimal UnderpaymentTolerance { get; set; }
}

/// <summary>Refuses <see cref="ChainOptions"/> that would stall or hammer the nodes.</summary>
public sealed class ChainOptionsValidator : IValidateOptions<ChainOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainOptions options) => new SettingChecks("Chain")
        .Between(nameof(options.PollInterval), options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10))
        .Between(nameof(options.MaxBlockRange), options.MaxBlockRange, 1, 100_000)
        .Between(nameof(options.ReorgWindow), options.ReorgWindow, 1, 100_000)
        .Between(nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5))
        .Between(nameof(options.BackoffBase), options.BackoffBase, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1))
        .Between(nameof(options.BackoffMax), options.BackoffMax, options.BackoffBase, TimeSpan.FromHours(1))
        .Between(nameof(options.MaxRounds), options.MaxRounds, 1, 100)
        .Between(nameof(options.UnderpaymentTolerance), options.UnderpaymentTolerance, 0m, 1m)
        .Result();
}
