using Microsoft.Playwright;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright. There is no download fallback: when the browser is missing the
/// tests fail, they are never skipped (scripts/test.sh installs it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}; run scripts/test.sh (it installs Debian's chromium).");
        }

        // A page waits for a live update over the circuit; on two loaded cores that can take longer than
        // Playwright's 5 s default, which made slow runs fail on screens that were right a moment later.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A phone-sized context: 360 px wide, touch, mobile user agent behaviour.</summary>
    public Task<IBrowserContext> PhoneAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 2,
    });

    /// <summary>A tablet-sized context like a counter terminal.</summary>
    public Task<IBrowserContext> TerminalAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 1024, Height = 768 },
        HasTouch = true,
    });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
