using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaySessions.Core.Merchants;

using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Support;

/// <summary>The core services on a fresh SQLite file of their own, with a hand-moved clock.</summary>
public sealed class CoreHarness : IAsyncDisposable
{
    public const string MerchantWallet = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paysessions-core-" + Guid.NewGuid().ToString("N"));

    private CoreHarness(IReadOnlyDictionary<string, string?> overrides, ManualTime time, Action<IServiceCollection>? configure)
    {
        Time = time;
        var settings = new Dictionary<string, string?>(TestNetworks.Settings)
        {
            ["Storage:DatabasePath"] = DatabasePath,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPaySessionsCore(configuration);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public ManualTime Time { get; }

    /// <summary>The SQLite file (unless the test's settings name another).</summary>
    public string DatabasePath => Path.Combine(_directory, "core.db");

    public ServiceProvider Services { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<CoreHarness> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides = null, ManualTime? time = null, Action<IServiceCollection>? configure = null)
    {
        var harness = new CoreHarness(overrides ?? new Dictionary<string, string?>(), time ?? new ManualTime(), configure);
        await harness.Services.PreparePaySessionsAsync();
        return harness;
    }

    /// <summary>The services on a database file not prepared yet (nothing is opened or made until a test prepares it).</summary>
    public static CoreHarness Unprepared(IReadOnlyDictionary<string, string?>? overrides = null) =>
        new(overrides ?? new Dictionary<string, string?>(), new ManualTime(), null);

    public async Task<MerchantCaller> NewMerchantAsync(string name = "Test Shop", ApiKeyKind kind = ApiKeyKind.Secret, params string[] assets)
    {
        var (merchant, _) = await Get<MerchantRegistry>().CreateAsync(name, [new WalletSpec("polygon", MerchantWallet, assets.Length > 0 ? assets : ["USDC", "USDT", "EURC"])]);
        return new MerchantCaller(merchant.Id, kind);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
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
