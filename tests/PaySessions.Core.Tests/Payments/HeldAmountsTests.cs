using System.Numerics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Payments;

/// <summary>The held-amount look-up a pick makes: answered from the unique index, and right about what is held.</summary>
public sealed class HeldAmountsTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task the_look_up_is_a_search_of_the_unique_held_amount_index_not_a_scan()
    {
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + HeldAmounts.Sql(UniqueAmounts.ProbesPerTier);
        foreach (var name in new[] { "@network", "@token", "@recipient" }.Concat(Enumerable.Range(0, UniqueAmounts.ProbesPerTier).Select(i => $"@a{i}")))
        {
            command.Parameters.Add(new SqliteParameter(name, "x"));
        }

        var plan = await ReadPlanAsync(command);

        Assert.Contains(plan, step => step.Contains("SEARCH Payments USING COVERING INDEX IX_Payments_HeldAmount", StringComparison.Ordinal)
            || step.Contains("SEARCH Payments USING INDEX IX_Payments_HeldAmount", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN Payments", StringComparison.Ordinal));
    }

    /// <summary>
    /// What grows with open payments is read through partial indexes whose filters LINQ's bool tests contain word for word:
    /// matching a transfer by amount or by claim, and the sweeper's next amounts to release.
    /// </summary>
    [Fact]
    public async Task matching_a_transfer_and_releasing_amounts_search_partial_indexes_not_the_payments()
    {
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var transfer = new ChainTransfer
        {
            Network = "polygon", TxHash = "0xaa", BlockHash = "0xbb", Token = TestNetworks.Usdc,
            From = "0x1111111111111111111111111111111111111111", To = CoreHarness.MerchantWallet, Value = 12_500_001,
        };

        Assert.Contains("USING INDEX IX_Payments_HeldAmount", await PlanAsync(db, PaymentLedger.ExactFor(db, transfer)), StringComparison.Ordinal);
        Assert.Contains("USING INDEX IX_Payments_HeldQuote", await PlanAsync(db, PaymentLedger.OpenFor(db, transfer)), StringComparison.Ordinal);
        var release = await PlanAsync(db, SessionSweeper.DueReleases(db, DateTime.UtcNow));
        Assert.Contains("USING INDEX IX_Payments_Release", release, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", release, StringComparison.Ordinal); // read in the index's order, not sorted after
    }

    private static async Task<string> PlanAsync(PayDbContext db, IQueryable<Payment> query)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = await ReadPlanAsync(command);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN p", StringComparison.Ordinal));
        return string.Join('\n', plan);
    }

    /// <summary>The detail column of each step of an <c>EXPLAIN QUERY PLAN</c> command.</summary>
    private static async Task<List<string>> ReadPlanAsync(System.Data.Common.DbCommand command)
    {
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    [Fact]
    public async Task picks_of_one_price_ask_distinct_amounts_and_the_look_up_sees_exactly_those_held()
    {
        var shop = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var picked = new List<BigInteger>();
        for (var i = 0; i < 40; i++)
        {
            var session = (await sessions.CreateAsync(shop, new CreateSessionRequest(Amount: 12.5m, AmountCurrency: "USD"))).Value!;
            picked.Add((await sessions.PickAsync(session.Id, shop.MerchantId, "USDC", "polygon")).Value!.Amount);
        }

        Assert.Equal(picked.Count, picked.Distinct().Count());
        Assert.All(picked, amount => Assert.InRange(amount - 12_500_000, BigInteger.One, new BigInteger(9_999)));
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var asked = picked.Take(5).Append(new BigInteger(12_500_000)).ToList();
        var held = await HeldAmounts.AmongAsync(db, "polygon", TestNetworks.Usdc, CoreHarness.MerchantWallet, asked, CancellationToken.None);
        Assert.Equal(picked.Take(5).ToHashSet(), held.ToHashSet());
    }
}
