using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.History;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.History;

/// <summary>An installation that upgrades with sales already made finds them in the history like new ones.</summary>
public sealed class HistoryMigrationTests : IAsyncLifetime
{
    private const string BeforeHistory = "20261122053904_Webhooks";

    private const string BeforeSearchOnlyText = "20261204180206_PartialIndexTerms";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paysessions-migration-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task sessions_paid_before_the_upgrade_carry_their_transactions_facts_and_are_found_by_text()
    {
        var path = Path.Combine(_directory, "upgrade.db");
        var merchant = new Merchant { Name = "Old Shop", CreatedAt = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) };
        var (paid, open) = (Guid.NewGuid(), Guid.NewGuid());
        var payment = Guid.NewGuid();
        await using (var db = new PayDbContext(new DbContextOptionsBuilder<PayDbContext>().UseSqlite($"Data Source={path}").Options))
        {
            await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync(BeforeHistory);
            db.Merchants.Add(merchant);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Sessions (Id, MerchantId, AccountId, Descriptor, ReferenceNumber, ExternalMid, Amount, AmountCurrency, Status, CreatedAt, UpdatedAt, ExpiresAt, TransactionId, Kind)
                VALUES ({0}, {1}, {2}, 'Espresso', 'ORDER-77123', '', '12.5', 'USD', 1, '2026-11-10 10:00:00', '2026-11-10 10:02:00', '2026-11-10 10:15:00', {3}, 0),
                       ({4}, {1}, {2}, 'Muffin', 'ORDER-77124', '', '3.0', 'USD', 5, '2026-11-10 11:00:00', '2026-11-10 11:15:00', '2026-11-10 11:15:00', NULL, 0);
                INSERT INTO Payments (Id, SessionId, MerchantId, Network, ChainId, Asset, TokenContract, Decimals, Recipient, Amount, QuotedAmount, Rate, Status, ExceptionStatus,
                                      HoldsAmount, Paid, Confirmations, RequiredConfirmations, TxHash, MatchByAmount, SettledAt, CreatedAt, UpdatedAt, ExpiresAt, MonitorUntil)
                VALUES ({3}, {0}, {1}, 'polygon', 137, 'USDC', '0x2791bca1f2de4661ed88a30c99a7a9449aa84174', 6, '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
                        '12504711', '12500000', '1.0', 1, 2, 0, '13000000', 3, 3, '0x00000000000000000000000000000000000000000000000000000000000000bb', 1,
                        '2026-11-10 10:02:00', '2026-11-10 10:00:10', '2026-11-10 10:02:00', '2026-11-10 10:15:00', '2026-11-11 10:15:00');
                INSERT INTO ChainTransfers (Id, Network, TxHash, LogIndex, BlockNumber, BlockHash, BlockTime, Token, "From", "To", Value, PaymentId, Removed, SeenAt)
                VALUES ({5}, 'polygon', '0x00000000000000000000000000000000000000000000000000000000000000aa', 0, 90, '0x01', '2026-11-10 10:00:40',
                        '0x2791bca1f2de4661ed88a30c99a7a9449aa84174', '0x1111111111111111111111111111111111111111', '0x70997970c51812dc3a010c7d01b50e0d17dc79c8', '1000000', {3}, 0, '2026-11-10 10:00:40'),
                       ({6}, 'polygon', '0x00000000000000000000000000000000000000000000000000000000000000bb', 3, 91, '0x02', '2026-11-10 10:01:00',
                        '0x2791bca1f2de4661ed88a30c99a7a9449aa84174', '0x2222222222222222222222222222222222222222', '0x70997970c51812dc3a010c7d01b50e0d17dc79c8', '12000000', {3}, 0, '2026-11-10 10:01:00');
                """,
                Text(paid), Text(merchant.Id), Text(merchant.AccountId), Text(payment), Text(open), Text(Guid.NewGuid()), Text(Guid.NewGuid()));
        }

        await using var core = await CoreHarness.StartAsync(new Dictionary<string, string?> { ["Storage:DatabasePath"] = path });
        var history = core.Get<SessionHistory>();
        var all = (await history.PageAsync(merchant.Id, new HistoryQuery(new HistoryFilter()))).Value!.Rows;

        Assert.Equal([open, paid], all.Select(r => r.Session.Id));
        var session = all[1].Session;
        Assert.Equal(("USDC", "polygon", PaymentException.Overpaid), (session.Asset, session.Network, session.ExceptionStatus));
        Assert.Equal(("0x00000000000000000000000000000000000000000000000000000000000000bb", "0x2222222222222222222222222222222222222222"), (session.TxHash, session.Payer));
        Assert.Equal("0x2222222222222222222222222222222222222222", all[1].Transaction!.Payer);
        Assert.Equal(12.5m, session.Amount);
        Assert.Null(all[0].Session.Asset);
        Assert.Equal([paid], await IdsAsync(history, merchant.Id, new HistoryFilter { Text = "77123" }));
        Assert.Equal([open], await IdsAsync(history, merchant.Id, new HistoryFilter { Text = "muffin" }));
        Assert.Equal([paid], await IdsAsync(history, merchant.Id, new HistoryFilter { Text = "0x2222222222" }));
        Assert.Equal([paid], await IdsAsync(history, merchant.Id, new HistoryFilter { ExceptionStatus = PaymentException.Overpaid, MinAmount = 12.5m, MaxAmount = 12.5m }));
    }

    [Fact]
    public async Task the_search_index_holds_only_sessions_with_text_before_and_after_the_upgrade()
    {
        var path = Path.Combine(_directory, "search.db");
        var merchant = new Merchant { Name = "Busy Shop", CreatedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) };
        merchant.Wallets.Add(new MerchantWallet { MerchantId = merchant.Id, Network = "polygon", Address = CoreHarness.MerchantWallet, Assets = ["USDC"] });
        var (plain, named) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var db = new PayDbContext(new DbContextOptionsBuilder<PayDbContext>().UseSqlite($"Data Source={path}").Options))
        {
            await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync(BeforeSearchOnlyText);
            db.Merchants.Add(merchant);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Sessions (Id, MerchantId, AccountId, Descriptor, ReferenceNumber, ExternalMid, Amount, AmountCurrency, Status, CreatedAt, UpdatedAt, ExpiresAt, Kind)
                VALUES ({0}, {2}, {3}, '', '', '', '4.0', 'USD', 0, '2026-12-01 10:00:00', '2026-12-01 10:00:00', '2026-12-01 10:15:00', 0),
                       ({1}, {2}, {3}, 'Bagel', 'ORDER-88001', '', '5.0', 'USD', 0, '2026-12-01 11:00:00', '2026-12-01 11:00:00', '2026-12-01 11:15:00', 0);
                """,
                Text(plain), Text(named), Text(merchant.Id), Text(merchant.AccountId));
            Assert.Equal(2, await IndexedAsync(db)); // before: every session, empty or not
        }

        await using var core = await CoreHarness.StartAsync(new Dictionary<string, string?> { ["Storage:DatabasePath"] = path });
        var caller = new MerchantCaller(merchant.Id, ApiKeyKind.Secret);
        var sessions = core.Get<PaySessions.Core.Sessions.SessionService>();
        var newPlain = (await sessions.CreateAsync(caller, new(Amount: 6m, AmountCurrency: "USD"))).Value ?? throw new InvalidOperationException("no sale");
        var newNamed = (await sessions.CreateAsync(caller, new(Descriptor: "Scone", ReferenceNumber: "ORDER-88002", Amount: 7m, AmountCurrency: "USD"))).Value
            ?? throw new InvalidOperationException("no sale");

        await using (var db = await core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(2, await IndexedAsync(db)); // the two with text; the empty one of before was taken out
            await db.Database.ExecuteSqlRawAsync("INSERT INTO SessionSearch(SessionSearch) VALUES ('integrity-check');");
        }

        var history = core.Get<SessionHistory>();
        Assert.Equal([named], await IdsAsync(history, merchant.Id, new HistoryFilter { Text = "88001" }));
        Assert.Equal([newNamed.Id], await IdsAsync(history, merchant.Id, new HistoryFilter { Text = "scone" }));
        Assert.Equal(new[] { newNamed.Id, newPlain.Id, named, plain }.Order(), (await IdsAsync(history, merchant.Id, new HistoryFilter())).Order()); // no filter: all of them
    }

    private static async Task<int> IndexedAsync(PayDbContext db) =>
        await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM SessionSearch_docsize").SingleAsync();

    private static async Task<List<Guid>> IdsAsync(SessionHistory history, Guid merchantId, HistoryFilter filter) =>
        (await history.PageAsync(merchantId, new HistoryQuery(filter))).Value!.Rows.Select(r => r.Session.Id).ToList();

    private static string Text(Guid id) => id.ToString("D").ToUpperInvariant();
}
