using Microsoft.Extensions.Options;
using PaySessions.Core.Common;

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

    /// <summary>Sign-in attempts per minute from one address (each user is also locked out after 5 wrong passwords).</summary>
    public int SignInPermitsPerMinute { get; set; } = 20;

    /// <summary>How soon a disabled user, or one whose password or role changed, is signed out of open sessions and live screens.</summary>
    public TimeSpan SignOutWithin { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class PosOptionsValidator : IValidateOptions<PosOptions>
{
    public ValidateOptionsResult Validate(string? name, PosOptions options) => new SettingChecks("Pos")
        .That(string.IsNullOrWhiteSpace(options.PublicBaseUrl) || (Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
            nameof(options.PublicBaseUrl), "must be empty or an absolute http(s) URL", options.PublicBaseUrl)
        .Between(nameof(options.ApiPermitsPerMinute), options.ApiPermitsPerMinute, 1, 1_000_000)
        .Between(nameof(options.AddressPermitsPerMinute), options.AddressPermitsPerMinute, 1, 1_000_000)
        .Between(nameof(options.SignInPermitsPerMinute), options.SignInPermitsPerMinute, 1, 10_000)
        .Between(nameof(options.SignOutWithin), options.SignOutWithin, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5))
        .Result();
}
