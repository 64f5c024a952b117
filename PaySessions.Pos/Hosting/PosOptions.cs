namespace PaySessions.Pos.Hosting;

/// <summary>The <c>Pos</c> section.</summary>
public sealed class PosOptions
{
    /// <summary>Absolute base URL customers reach the app at (used in qrData). Empty: taken from the incoming request.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Requests per minute one client (key or IP address) may make to the public API.</summary>
    public int ApiPermitsPerMinute { get; set; } = 1200;

    /// <summary>Requests per minute one client address may make to the API in all, whatever keys it sends.</summary>
    public int AddressPermitsPerMinute { get; set; } = 6000;
}
