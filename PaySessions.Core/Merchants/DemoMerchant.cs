using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Persistence;
using PaySessions.Core.Users;

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

    public string CashierPassword { get; set; } = "sell-coffee-all-day";

    /// <summary>The demo owner, who reaches the back office.</summary>
    public string OwnerUserName { get; set; } = "owner@demo.local";

    public string OwnerPassword { get; set; } = "run-the-demo-shop";

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
    IOptions<DemoOptions> options, IDbContextFactory<PayDbContext> dbFactory, MerchantRegistry registry, IServiceScopeFactory scopes,
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

        await using (var scope = scopes.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
            await EnsureMemberAsync(users, demo.MerchantId, demo.OwnerUserName, demo.OwnerPassword, StoreRole.Owner, cancellationToken);
            await EnsureMemberAsync(users, demo.MerchantId, demo.CashierUserName, demo.CashierPassword, StoreRole.Cashier, cancellationToken);
        }

        LogReady(logger, demo.Name, demo.PublishableKey, demo.ApiKey, demo.CashierUserName, demo.CashierPassword, demo.OwnerUserName, demo.OwnerPassword);
    }

    private static async Task EnsureMemberAsync(UserDirectory users, Guid storeId, string userName, string password, StoreRole role, CancellationToken cancellationToken)
    {
        var added = await users.AddAsync(storeId, userName, password, role, cancellationToken);
        if (!added.Ok && added.Error.Code != "already_member")
        {
            throw new InvalidOperationException($"The demo user {userName} could not be created: {added.Error.Fields?.Values.SelectMany(v => v).FirstOrDefault() ?? added.Error.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo merchant '{Name}' is ready. X-Publishable-Key: {PublishableKey}  X-Api-Key: {ApiKey}  cashier sign-in: {CashierUserName} / {CashierPassword}  owner sign-in: {OwnerUserName} / {OwnerPassword} (Development only; change Demo:* for anything shared)")]
    private static partial void LogReady(ILogger logger, string name, string publishableKey, string apiKey, string cashierUserName, string cashierPassword, string ownerUserName, string ownerPassword);
}
