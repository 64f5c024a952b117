namespace PaySessions.Core.Chain;

/// <summary>
/// What the installation's owner set for one network in the settings, over what appsettings.json ships:
/// its RPC URLs, an optional WebSocket URL and the confirmation depth. A network without any RPC URL is not offered.
/// </summary>
public sealed class NetworkSetting
{
    public required string Network { get; set; }

    /// <summary>One URL per line, tried in order.</summary>
    public string RpcUrls { get; set; } = "";

    public string? WebSocketUrl { get; set; }

    public int? Confirmations { get; set; }

    public DateTime UpdatedAt { get; set; }
}
