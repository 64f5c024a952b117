using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Tests.Support;

/// <summary>The core on its own SQLite file, watching an anvil chain. Tests step the scanner by hand: no sleeps, no races.</summary>
public sealed class ChainHarness : IAsyncDisposable
{
    private ChainHarness(CoreHarness core, AnvilFixture chain)
    {
        Core = core;
        Chain = chain;
        var catalog = core.Get<NetworkCatalog>();
        Scanner = core.Get<ChainMonitor>().CreateScanner(catalog.FindNetwork("polygon")!, core.Get<RpcClients>().For("polygon")!);
    }

    public CoreHarness Core { get; }

    public AnvilFixture Chain { get; }

    public NetworkScanner Scanner { get; }

    public SessionService Sessions => Core.Get<SessionService>();

    public static async Task<ChainHarness> StartAsync(
        AnvilFixture chain, string? databasePath = null, string? rpcUrl = null, string? fallbackRpcUrl = null, int? maxBlockRange = null, string? explorer = null, bool firstScan = true)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Networks:polygon:RpcUrls:0"] = rpcUrl ?? chain.Anvil.RpcUrl,
            ["Networks:polygon:RpcUrls:1"] = fallbackRpcUrl,
            ["Chain:MaxBlockRange"] = maxBlockRange?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Chain:BackoffBase"] = "00:00:00.050",
            ["Chain:MaxRounds"] = "1",
            ["Chain:BackoffMax"] = "00:00:01",
            ["Networks:polygon:Explorer"] = explorer,
        };
        if (databasePath is not null)
        {
            overrides["Storage:DatabasePath"] = databasePath;
        }

        var core = await CoreHarness.StartAsync(overrides, new PaySessions.Tests.Shared.ManualTime(DateTimeOffset.UtcNow));
        var harness = new ChainHarness(core, chain);
        if (firstScan)
        {
            await harness.ScanAsync(); // the first scan pins the cursor at the current head
        }

        return harness;
    }

    /// <summary>A merchant whose polygon wallet is fresh, so no other test's transfers reach it.</summary>
    public async Task<(MerchantCaller Caller, string Wallet)> NewMerchantAsync()
    {
        var wallet = "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        var (merchant, _) = await Core.Get<MerchantRegistry>().CreateAsync("Chain Shop", [new WalletSpec("polygon", wallet, ["USDC", "USDT", "EURC"])]);
        return (new MerchantCaller(merchant.Id, ApiKeyKind.Secret), wallet);
    }

    public async Task<Payment> NewPaymentAsync(MerchantCaller merchant, decimal amount = 12.34m, string asset = "USDC")
    {
        var session = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: amount, AmountCurrency: "USD"))).Value!;
        return (await Sessions.PickAsync(session.Id, merchant.MerchantId, asset, "polygon")).Value!;
    }

    /// <summary>Scans until the scanner has caught up with the head.</summary>
    public async Task ScanAsync()
    {
        while (await StepAsync())
        {
        }
    }

    /// <summary>One monitor step: the scanner's observation handed to the ledger. True while more is waiting.</summary>
    public Task<bool> StepAsync() => Core.Get<ChainMonitor>().StepAsync(Scanner, null, CancellationToken.None);

    public async Task<Payment> PaymentAsync(Guid id) => (await Sessions.FindPaymentAsync(id, null))!;

    public ValueTask DisposeAsync() => Core.DisposeAsync();
}
