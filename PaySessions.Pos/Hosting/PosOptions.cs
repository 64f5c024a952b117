using Microsoft.Extensions.Options;
using PaySessions.Core.Common;

namespace PaySessions.Pos.Hosting;

/// <summary>The <c>Pos</c> section.</summary>
public sealed class PosOptions
{
    /// <summary>
    /// Absolute base URL customers reach the app at (qrData, receipts, webhook links). Required in Production, where the
    /// Host header is a client's word and must never shape a link; elsewhere empty means the incoming request's.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Requests per minute one client (key or IP address) may make to the public API.</summary>
    public int ApiPermitsPerMinute { get; set; } = 1200;

    /// <summary>Requests per minute one client address may make to the API in all, whatever keys it sends.</summary>
    public int AddressPermitsPerMinute { get; set; } = 6000;

    /// <summary>Page requests per minute one client address may make (checkout, receipt, wallet, sign-in and the back office).</summary>
    public int PagePermitsPerMinute { get; set; } = 600;

    /// <summary>Sign-in attempts per minute from one address (each user is also locked out after 5 wrong passwords).</summary>
    public int SignInPermitsPerMinute { get; set; } = 20;

    /// <summary>
    /// Addresses of the reverse proxies in front of the app (e.g. <c>127.0.0.1</c> for a proxy on the same machine). Only
    /// their <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: the client address rate limits count by, and
    /// https (Secure cookies, HSTS). Empty: no forwarded header is believed from anyone.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>How soon a disabled user, or one whose password or role changed, is signed out of open sessions and live screens.</summary>
    public TimeSpan SignOutWithin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a request that arrives while the database is still being prepared at start (an upgrade's migration can
    /// take a while) waits for it before it is answered 503 <c>starting</c> with a <c>Retry-After</c>.
    /// </summary>
    public TimeSpan StartingHold { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class PosOptionsValidator(IHostEnvironment environment) : IValidateOptions<PosOptions>
{
    public ValidateOptionsResult Validate(string? name, PosOptions options) => new SettingChecks("Pos")
        .That(!environment.IsProduction() || !string.IsNullOrWhiteSpace(options.PublicBaseUrl), nameof(options.PublicBaseUrl),
            "must be set in Production (the https address customers reach this app at, e.g. https://pay.example.com), " +
            "since links are never built from a request's Host header there", options.PublicBaseUrl)
        .That(string.IsNullOrWhiteSpace(options.PublicBaseUrl) || (Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
            nameof(options.PublicBaseUrl), "must be empty or an absolute http(s) URL", options.PublicBaseUrl)
        .That(options.TrustedProxies.All(p => System.Net.IPAddress.TryParse(p, out _)), nameof(options.TrustedProxies),
            "must list IP addresses (e.g. 127.0.0.1), not names or networks", string.Join(", ", options.TrustedProxies))
        .Between(nameof(options.ApiPermitsPerMinute), options.ApiPermitsPerMinute, 1, 1_000_000)
        .Between(nameof(options.AddressPermitsPerMinute), options.AddressPermitsPerMinute, 1, 1_000_000)
        .Between(nameof(options.PagePermitsPerMinute), options.PagePermitsPerMinute, 1, 1_000_000)
        .Between(nameof(options.SignInPermitsPerMinute), options.SignInPermitsPerMinute, 1, 10_000)
        .Between(nameof(options.SignOutWithin), options.SignOutWithin, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5))
        .Between(nameof(options.StartingHold), options.StartingHold, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5))
        .Result();
}
