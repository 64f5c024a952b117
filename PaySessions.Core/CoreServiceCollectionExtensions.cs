using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Events;
using PaySessions.Core.DevChain;
using PaySessions.Core.Fx;
using PaySessions.Core.History;
using PaySessions.Core.Installation;
using PaySessions.Core.Merchants;
using PaySessions.Core.Notifications;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Receipts;
using PaySessions.Core.Sessions;
using PaySessions.Core.Users;
using PaySessions.Core.Vouchers;
using PaySessions.Core.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Identity;

namespace PaySessions.Core;

public static partial class CoreServiceCollectionExtensions
{
    /// <summary>Registers the domain, persistence and background work. Configuration sections: Storage, Networks, Fx, Sessions, Demo.</summary>
    public static IServiceCollection AddPaySessionsCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateOnStart<StorageOptions, StorageOptionsValidator>();
        services.AddOptions<FxOptions>().BindConfiguration("Fx").ValidateOnStart<FxOptions, FxOptionsValidator>();
        services.AddOptions<SessionOptions>().BindConfiguration("Sessions").ValidateOnStart<SessionOptions, SessionOptionsValidator>();
        services.AddOptions<DemoOptions>().BindConfiguration("Demo").ValidateOnStart<DemoOptions, DemoOptionsValidator>();
        services.AddOptions<ChainOptions>().BindConfiguration("Chain").ValidateOnStart<ChainOptions, ChainOptionsValidator>();
        services.AddOptions<SetupOptions>().BindConfiguration("Setup");
        services.AddOptions<NetworksOptions>().BindConfiguration("Networks").ValidateOnStart<NetworksOptions, NetworksOptionsValidator>();

        services.AddPooledDbContextFactory<PayDbContext>((sp, db) => db
            .UseSqlite(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString())
            // Hot rows are forgotten before the dispatcher publishes, so a listener that reads again never gets the old row.
            .AddInterceptors(
                new SqlitePragmas(), new PreparedStatements(), sp.GetRequiredService<HotRowsInterceptor>(), sp.GetRequiredService<EventDispatcher>(), sp.GetRequiredService<EventCommitInterceptor>()));
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<HotRows>();
        services.AddSingleton<HeldAmountBook>();
        services.AddSingleton<RecipientWatch>();
        services.AddSingleton<HotRowsInterceptor>();
        services.AddSingleton<EventCommitInterceptor>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NetworkCatalog.FromConfiguration(configuration));
        services.AddSingleton<IFxRateProvider, StaticFxRateProvider>();
        services.AddSingleton<WriteGate>();
        services.AddSingleton<DatabaseReady>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<WalCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<WalCheckpointer>());
        services.AddSingleton<SessionNotifier>();
        services.AddSingleton<Pricing>();
        services.AddSingleton<ConvertAmount>();
        services.AddSingleton<MerchantRegistry>();
        services.AddSingleton<StoreSettings>();
        services.AddSingleton<StoreLogos>();
        services.AddSingleton<ReceivingWallets>();
        services.AddApiKeyUseCases();
        services.AddDataProtection();
        services.AddSingleton<SealedSecrets>();
        services.AddStoreUsers();
        services.AddSingleton<DemoMerchantSeeder>();
        services.AddSingleton<PaymentOpening>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<CreateTransaction>();
        services.AddSingleton<CashierSales>();
        services.AddSingleton<SessionTimeline>();
        services.AddSingleton<SessionReceipts>();
        services.AddSingleton<SessionHistory>();
        services.AddSingleton<SessionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionSweeper>());

        services.AddHttpClient("rpc");
        services.AddSingleton<RpcClients>();
        services.AddSingleton<ChainHeads>();
        services.AddSingleton<PaymentLedger>();
        services.AddSingleton<PaymentClaims>();
        services.AddSingleton<UnmatchedTransfers>();
        services.AddSingleton<Refunds>();
        services.AddSingleton<RefundSignal>();
        services.AddSingleton<RefundVerifier>();
        services.AddHostedService(sp => sp.GetRequiredService<RefundVerifier>());
        services.AddSingleton<VoucherAuth>();
        services.AddSingleton<IChainReader, RpcChainReader>();
        services.AddVoucherUseCases();
        services.AddSingleton<ChainMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ChainMonitor>());
        services.AddInstallationSettings();
        services.AddWebhooks();
        services.AddStoreReports();
        return services;
    }

    /// <summary>Endpoints, the outbox the event dispatcher fills, its sender, and the live feed the hub reads.</summary>
    private static void AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks").ValidateOnStart<WebhookOptions, WebhookOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            var production = sp.GetService<IHostEnvironment>()?.IsProduction() ?? false;
            return new WebhookAddressPolicy(new WebhookAddressRules(
                options.RequireHttps ?? production, options.AllowPrivateNetworks ?? !production));
        });
        services.AddSingleton<WebhookDirectory>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<CreateWebhookEndpoint>();
        services.AddSingleton<ChangeWebhookEndpoint>();
        services.AddSingleton<RetryWebhookDeliveries>();
        services.AddSingleton<WebhookReads>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
    }

    /// <summary>The installation owner's network settings (RPC URLs, confirmations), saved over appsettings.json.</summary>
    private static void AddInstallationSettings(this IServiceCollection services)
    {
        services.AddOptions<DevChainOptions>().BindConfiguration("DevChain");
        services.AddSingleton<DevChainNetwork>();
        services.AddSingleton<RpcProbe>();
        services.AddSingleton<LoadNetworkSettings>();
        services.AddSingleton<SaveNetworkSettings>();
        services.AddSingleton<InstallationNetworks>();
    }

    /// <summary>ASP.NET Core Identity on the same SQLite file: users, passwords, lockout, 2FA; roles are per store (memberships).</summary>
    private static void AddStoreUsers(this IServiceCollection services)
    {
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PayDbContext>>().CreateDbContext());
        services.AddIdentityCore<StoreUser>(identity =>
            {
                identity.Password.RequiredLength = 10;
                identity.Password.RequiredUniqueChars = 5;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                identity.Lockout.AllowedForNewUsers = true;
                identity.SignIn.RequireConfirmedAccount = true;
                identity.User.AllowedUserNameCharacters += "+";
            })
            .AddEntityFrameworkStores<PayDbContext>()
            .AddUserStore<StoreUserStore>()
            .AddPasswordValidator<PasswordStrength>()
            .AddClaimsPrincipalFactory<StoreClaimsPrincipalFactory>();
        services.AddScoped<IUserConfirmation<StoreUser>, EnabledUserConfirmation>();
        services.AddScoped<UserDirectory>();
        services.AddSingleton<FirstRunSetup>();
    }

    private static void AddApiKeyUseCases(this IServiceCollection services)
    {
        services.AddSingleton<AuthenticateApiKey>();
        services.AddSingleton<CreateApiKey>();
        services.AddSingleton<ListApiKeys>();
        services.AddSingleton<RevokeApiKey>();
        services.AddSingleton<ApiKeyRevocations>();
    }

    private static void AddVoucherUseCases(this IServiceCollection services)
    {
        services.AddSingleton<VoucherReads>();
        services.AddSingleton<OpenVoucherSession>();
        services.AddSingleton<JoinVoucherSession>();
        services.AddSingleton<CloseVoucherSession>();
        services.AddSingleton<ReserveVoucher>();
        services.AddSingleton<RedeemVoucher>();
        services.AddSingleton<AddVoucherPayment>();
        services.AddSingleton<DiscardVoucher>();
        services.AddSingleton<ResolveVoucher>();
        services.AddSingleton<NegotiateVoucher>();
        services.AddSingleton<ReserveStandaloneVoucher>();
        services.AddSingleton<OpenPayerContext>();
        services.AddSingleton<ClosePayerContext>();
    }
}
