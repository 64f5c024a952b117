using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaySessions.Core.Merchants;
using PaySessions.Core.Users;
using PaySessions.Pos.Hosting;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Support;

/// <summary>
/// The real POS app, wired exactly as Program.cs wires it, on Kestrel at 127.0.0.1 on a free port,
/// with its own SQLite file and a hand-moved clock. One per test class.
/// </summary>
public sealed class TestPos : IAsyncDisposable
{
    private readonly string _directory;
    private readonly WebApplication _app;

    private TestPos(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
    }

    public string BaseUrl { get; private set; } = "";

    public ManualTime Time { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Settings that make the app start its own anvil dev chain (a block per transaction) and watch it closely.</summary>
    public static readonly IReadOnlyDictionary<string, string?> WithDevChain = new Dictionary<string, string?>
    {
        ["DevChain:Enabled"] = "true",
        ["Chain:MonitorEnabled"] = "true",
        ["DevChain:BlockTime"] = "0",
        ["Chain:PollInterval"] = "00:00:00.200",
        ["Chain:BackoffBase"] = "00:00:00.050",
        ["Chain:BackoffMax"] = "00:00:01",
    };

    /// <param name="mapTestEndpoints">Endpoints only a test needs (one that throws, say), mapped after the app's own.</param>
    /// <param name="configureServices">Services only a test adds (a logger provider that keeps what is logged, say).</param>
    public static async Task<TestPos> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides = null, string environment = "Testing", Action<WebApplication>? mapTestEndpoints = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-pos-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PosHosting).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = environment,
        });
        var settings = new Dictionary<string, string?>(TestNetworks.Settings)
        {
            ["Storage:DatabasePath"] = Path.Combine(directory, "pos.db"),
            ["Demo:Enabled"] = "false",
            // Polygon's RPC URL is a closed port unless a test starts a chain (WithDevChain): nothing to watch.
            ["Chain:MonitorEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // Set up as a headless install would be, so pages do not lead to /setup (tests of setup clear these).
            ["Setup:OwnerEmail"] = OwnerEmail,
            ["Setup:OwnerPassword"] = OwnerPassword,
            ["Setup:StoreName"] = "Owner's First Store",
        };
        // Production needs Pos:PublicBaseUrl: the address the app is about to listen at, on a port picked now.
        var url = "http://127.0.0.1:0";
        if (environment == "Production")
        {
            url = $"http://127.0.0.1:{FreePort()}";
            settings["Pos:PublicBaseUrl"] = url;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(url);
        builder.AddPaySessionsPos();
        configureServices?.Invoke(builder.Services);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));

        var app = builder.Build();
        app.UsePaySessionsPos();
        mapTestEndpoints?.Invoke(app);
        var pos = new TestPos(app, directory) { Time = time };
        try
        {
            await app.StartPaySessionsPosAsync();
        }
        catch
        {
            // A start that fails (a test of bad settings) leaves no host or files behind.
            await pos.DisposeAsync();
            throw;
        }

        pos.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return pos;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public const string CashierPassword = "correct horse battery";

    public const string OwnerEmail = "owner@test.local";

    public const string OwnerPassword = "a long passphrase for tests";

    /// <summary>Settings for a brand-new installation: no owner yet.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FreshInstall = new Dictionary<string, string?> { ["Setup:OwnerEmail"] = "" };

    /// <summary>The app with a merchant created for the purpose and its cashier (user "cashier"), optionally on the dev chain.</summary>
    public static async Task<TestPos> StartTerminalAsync(string name, string wallet, bool devChain, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(devChain ? WithDevChain : new Dictionary<string, string?>());
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var pos = await StartAsync(settings);
        var (merchant, _) = await pos.NewMerchantAsync(name, wallet);
        await pos.AddUserAsync(merchant.Id, "cashier", CashierPassword, StoreRole.Cashier);
        return pos;
    }

    /// <summary>A merchant with a polygon wallet accepting USDC, USDT and EURC, and its keys in clear text.</summary>
    public async Task<(Merchant Merchant, IssuedKeys Keys)> NewMerchantAsync(
        string name = "Test Shop", string wallet = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", Guid? id = null) =>
        await Get<MerchantRegistry>().CreateAsync(name, [new WalletSpec("polygon", wallet, ["USDC", "USDT", "EURC"])], id: id);

    /// <summary>A user of the store with that role, created as an owner would create them.</summary>
    public async Task AddUserAsync(Guid storeId, string userName, string password, StoreRole role)
    {
        await using var scope = Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync(storeId, userName, password, role);
        Assert.True(added.Ok, added.Error?.Message);
    }

    public HttpClient Client(string? publishableKey = null, string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (publishableKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Publishable-Key", publishableKey);
        }

        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp file must not fail a test.
        }
    }
}
