using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.DevChain;
using PaySessions.Core.History;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Users;

namespace PaySessions.Core.Tests.History;

/// <summary>A sale's timeline told from the event log of real payments on a real anvil chain (confirmations: 3).</summary>
public sealed class SessionTimelineTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    private const string Explorer = "https://polygonscan.example/";

    [Fact]
    public async Task a_paid_sale_reads_in_order_from_rung_up_to_paid_with_the_transfer_linked_to_the_explorer()
    {
        await using var harness = await ChainHarness.StartAsync(chain, explorer: Explorer);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var alice = await UserAsync(harness, merchant.MerchantId, "alice", StoreRole.Cashier);
        var session = (await harness.Sessions.CreateAsync(merchant with { CashierId = alice }, new CreateSessionRequest(Amount: 12.34m, AmountCurrency: "USD"))).Value!;
        var payment = (await harness.Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;

        var receipt = await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        await harness.ScanAsync();
        await chain.MineAsync(2);
        await harness.ScanAsync();

        var history = (await harness.Core.Get<SessionTimeline>().FindAsync(merchant.MerchantId, session.Id))!;
        var asked = TokenAmountText(payment.Amount);
        Assert.Equal(
            [
                (TimelineKind.Created, "Session created for 12.34 USD by alice (cashier)"),
                (TimelineKind.AssetChosen, $"Customer chose USDC on Polygon — {asked} USDC at 1 USD"),
                (TimelineKind.TransferSeen, $"Transfer seen: {TimelineNarrator.Short(receipt.TxHash)} from {TimelineNarrator.Short(DemoCustomer.Address)} ({asked} USDC)"),
                (TimelineKind.Confirmation, "Confirmation 1 of 3"),
                (TimelineKind.Confirmation, "Confirmation 3 of 3"),
                (TimelineKind.Paid, "Paid"),
            ],
            history.Entries.Select(e => (e.Kind, e.Text)));
        var seen = history.Entries.Single(e => e.Kind == TimelineKind.TransferSeen);
        Assert.Equal((receipt.TxHash, $"https://polygonscan.example/tx/{receipt.TxHash}"), (seen.TxHash, seen.TxLink));
        Assert.Equal("alice (cashier)", history.RungUpBy);

        var paid = Assert.Single(history.Payments);
        Assert.Equal((PaymentStatus.Succeeded, "Polygon", "USDC", "12.34 USD", asked, asked), (paid.Status, paid.NetworkName, paid.Asset, paid.Fiat, paid.Asked, paid.Paid));
        Assert.Equal(("1 USDC = 1 USD", 3, 3), (paid.RateText, paid.Confirmations, paid.RequiredConfirmations));
        Assert.Equal($"https://polygonscan.example/tx/{receipt.TxHash}", paid.TxLink);
        Assert.Equal([DemoCustomer.Address], paid.Payers.Select(a => a.ToLowerInvariant()));
    }

    [Fact]
    public async Task an_underpayment_and_a_reorg_read_as_such_and_without_an_explorer_nothing_is_linked()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 10m);

        var partial = await chain.PayAsync(payment.TokenContract, wallet, new BigInteger(9_500_000));
        await harness.ScanAsync();
        await chain.PayAsync(payment.TokenContract, wallet, payment.Amount - 9_500_000);
        await harness.ScanAsync();
        await chain.ReorgAsync(1);
        await harness.ScanAsync();

        var history = (await harness.Core.Get<SessionTimeline>().FindAsync(merchant.MerchantId, payment.SessionId))!;
        var lines = history.Entries.Select(e => e.Text).ToList();
        var asked = TokenAmountText(payment.Amount);
        Assert.Contains($"Underpaid: 9.5 USDC of {asked}", lines);
        Assert.Contains($"No longer underpaid: {asked} USDC of {asked}", lines);
        Assert.Contains("A reorganisation took a transfer away: 9.5 USDC still seen", lines);
        Assert.Contains("Waiting for payment again", lines);
        Assert.Equal("Waiting for payment again", lines[^1]);
        Assert.Equal($"Underpaid: 9.5 USDC of {asked}", lines[^2]);
        Assert.True(lines.IndexOf("A reorganisation took a transfer away: 9.5 USDC still seen") > lines.IndexOf($"No longer underpaid: {asked} USDC of {asked}"));
        var seen = history.Entries.First(e => e.Kind == TimelineKind.TransferSeen);
        Assert.Equal(partial.TxHash, seen.TxHash);
        Assert.All(history.Entries, e => Assert.Null(e.TxLink));
        Assert.Null(Assert.Single(history.Payments).TxLink);
    }

    private static async Task<Guid> UserAsync(ChainHarness harness, Guid storeId, string name, StoreRole role)
    {
        await using var scope = harness.Core.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync(storeId, name, "a long enough secret", role);
        Assert.True(added.Ok, added.Error?.Message);
        return added.Value.Id;
    }

    private static string TokenAmountText(BigInteger baseUnits) => PaySessions.Core.Chain.TokenAmount.Format(baseUnits, 6);
}
