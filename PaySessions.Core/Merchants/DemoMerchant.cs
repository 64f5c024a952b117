using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>The <c>Demo</c> section: the merchant seeded in Development so the POS works on first start.</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }

    public Guid MerchantId { get; set; } = Guid.Parse("7da1d36d-c995-4e99-bfb4-758fd2c94c99");

    public string Name { get; set; } = "Demo Coffee";

    public string PublishableKey { get; set; } = "pk_demo_publishable_key_change_me";

    public string ApiKey { get; set; } = "ak_demo_secret_key_change_me";

    /// <summary>The demo cashier who signs in to /pos.</summary>
    public string CashierUserName { get; set; } = "cashier";

    public string CashierPassword { get; set; } = "cashier-demo-password";

    /// <summary>Receiving address per network; every configured asset of that network is accepted.</summary>
    public Dictionary<string, string> Wallets { get; set; } = [];
}

/// <summary>Only an enabled demo needs its settings; keys and passwords are checked for presence, never echoed.</summary>
public sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var checks = new SettingChecks("Demo");
        if (!options.Enabled)
        {
            return checks.Result();
        }

        checks.Required(nameof(options.Name), options.Name)
            .Required(nameof(options.PublishableKey), options.PublishableKey)
            .Required(nameof(options.ApiKey), options.ApiKey)
            .Required(nameof(options.CashierUserName), options.CashierUserName)
            .Required(nameof(options.CashierPassword), options.CashierPassword);
        foreach (var (network, wallet) in options.Wallets)
        {
            checks.That(Chain.EvmAddress.TryParse(wallet, out _), $"Wallets:{network}", "must be a 0x address of 20 bytes", wallet);
        }

        return checks.Result();
    }
}

public sealed partial class DemoMerchantSeeder(
    IOptions<DemoOptions> options, IDbContextFactory<PayDbContext> dbFactory, MerchantRegistry registry, PosUsers users,
    Chain.NetworkCatalog catalog, ILogger<DemoMerchantSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.Enabled)
        {
            return;
        }

        bool exists;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            exists = await db.Merchants.AnyAsync(m => m.Id == demo.MerchantId, cancellationToken);
        }

        if (!exists)
        {
            var wallets = demo.Wallets
                .Where(w => catalog.FindNetwork(w.Key) is not null)
                .Select(w => new WalletSpec(w.Key, w.Value, catalog.Assets.Where(a => a.Network.Name == w.Key.ToLowerInvariant()).Select(a => a.Symbol).ToList()));
            await registry.CreateAsync(demo.Name, wallets, demo.PublishableKey, demo.ApiKey, demo.MerchantId, cancellationToken);
        }

        if (!await users.ExistsAsync(demo.CashierUserName, cancellationToken))
        {
            await users.CreateAsync(demo.MerchantId, demo.CashierUserName, demo.CashierPassword, PosRoles.Cashier, cancellationToken);
        }

        LogReady(logger, demo.Name, demo.PublishableKey, demo.ApiKey, demo.CashierUserName, demo.CashierPassword);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo merchant '{Name}' is ready. X-Publishable-Key: {PublishableKey}  X-Api-Key: {ApiKey}  cashier sign-in: {CashierUserName} / {CashierPassword} (Development only; change Demo:* for anything shared)")]
    private static partial void LogReady(ILogger logger, string name, string publishableKey, string apiKey, string cashierUserName, string cashierPassword);
}
