using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Users;

namespace PaySessions.Core.Tests.History;

/// <summary>
/// A store trading on a real anvil chain, with our clock and the chain's block times on one timeline: a sale rung up
/// at 09:00 is paid by a transfer mined at 09:00. Sales go through the real use cases (create, pick), payments through
/// the chain monitor and the ledger.
/// </summary>
public sealed class TestShop
{
    private readonly ChainHarness _harness;
    private readonly AnvilFixture _chain;

    private TestShop(ChainHarness harness, AnvilFixture chain, MerchantCaller api, string wallet)
    {
        _harness = harness;
        _chain = chain;
        Api = api;
        Wallet = wallet;
    }

    public MerchantCaller Api { get; }

    public Guid StoreId => Api.MerchantId;

    public string Wallet { get; }

    public static async Task<TestShop> OpenAsync(ChainHarness harness, AnvilFixture chain)
    {
        var (api, wallet) = await harness.NewMerchantAsync();
        return new TestShop(harness, chain, api, wallet);
    }

    public static DateTime Now(ChainHarness harness) => harness.Core.Time.GetUtcNow().UtcDateTime;

    /// <summary>A day later than anything the shared chain has mined yet, so every block of the test can carry our clock's time.</summary>
    public static async Task<DateOnly> FreshDayAsync(ChainHarness harness, AnvilFixture chain, DayOfWeek? weekday = null)
    {
        var head = (await chain.Rpc.GetBlockAsync(null, CancellationToken.None))!.Timestamp;
        var day = DateOnly.FromDateTime(head > Now(harness) ? head : Now(harness)).AddDays(1);
        while (weekday is { } wanted && day.DayOfWeek != wanted)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>Moves our clock forward to <paramref name="utc"/>.</summary>
    public static void MoveTo(ChainHarness harness, DateTime utc)
    {
        Assert.True(utc >= Now(harness), "the test clock only moves forward");
        harness.Core.Time.Advance(utc - Now(harness));
    }

    public async Task<Guid> HireCashierAsync(string userName)
    {
        await using var scope = _harness.Core.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync(StoreId, userName, "a long enough secret", StoreRole.Cashier);
        Assert.True(added.Ok, added.Error?.Message);
        return added.Value.Id;
    }

    /// <summary>A sale rung up now (by the cashier, or over the API when none) and the asset the customer picks.</summary>
    public async Task<Payment> SellAsync(decimal amount, string asset = "USDC", Guid? cashier = null, string currency = "USD")
    {
        var sessions = _harness.Sessions;
        var created = await sessions.CreateAsync(Api with { CashierId = cashier }, new CreateSessionRequest(Amount: amount, AmountCurrency: currency));
        Assert.True(created.Ok, created.Error?.Message);
        var picked = await sessions.PickAsync(created.Value.Id, StoreId, asset, "polygon");
        Assert.True(picked.Ok, picked.Error?.Message);
        return picked.Value;
    }

    /// <summary>The customer sends <paramref name="amount"/> (the exact amount asked by default) now; <paramref name="blocks"/> 3 settles it.</summary>
    public async Task PayAsync(Payment payment, BigInteger? amount = null, int blocks = 3)
    {
        var head = (await _chain.Rpc.GetBlockAsync(null, CancellationToken.None))!.Timestamp;
        if (Now(_harness) > head)
        {
            await _chain.SetNextBlockTimeAsync(Now(_harness));
        }

        await _chain.PayAsync(payment.TokenContract, Wallet, amount ?? payment.Amount);
        if (blocks > 1)
        {
            await _chain.MineAsync(blocks - 1);
        }

        await _harness.ScanAsync();
    }
}
