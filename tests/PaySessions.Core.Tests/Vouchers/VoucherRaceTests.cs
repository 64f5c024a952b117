using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Vouchers;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Vouchers;

/// <summary>Voucher use cases under contention and failure, on a real SQLite file and a real anvil chain.</summary>
public sealed class VoucherRaceTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    private sealed record Parties(VoucherPrincipal Payer, VoucherPrincipal Payee, VoucherSession Session, string Wallet);

    private static async Task<Parties> OpenAsync(ChainHarness harness)
    {
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var auth = harness.Core.Get<VoucherAuth>();
        var (context, token, _) = await harness.Core.Get<OpenPayerContext>().OpenAsync(null, ContextFormat.Alphanum, []);
        var payer = (await auth.AuthenticateAsync(token))!;
        var payee = (await auth.PayeeForCodeAsync(merchant.MerchantId, context.Code)).Value!;
        var session = (await harness.Core.Get<OpenVoucherSession>().ExecuteAsync(payee, new SessionOpenRequest(context.Code))).Value!;
        return new Parties(payer, payee, session, wallet);
    }

    private static ExpectedPaymentRequest Usdc(string amount, string wallet) => new("polygon", "USDC", TestNetworks.Usdc, amount, new WalletRequest(wallet));

    [Fact]
    public async Task a_concurrent_discard_and_resolve_of_one_voucher_end_with_exactly_one_winner()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var parties = await OpenAsync(harness);
        var outcomes = new List<(bool Resolved, bool Discarded)>();
        for (var round = 0; round < 8; round++)
        {
            var added = (await harness.Core.Get<AddVoucherPayment>().ExecuteAsync(parties.Payee, parties.Session.PublicId, Usdc($"1.{round + 1}", parties.Wallet))).Value!;
            var receipt = await chain.PayAsync(TestNetworks.Usdc, parties.Wallet, added.Payment!.Amount);
            var voucherId = added.Voucher.PublicId;

            // Both start together; the resolve spends most of its time reading the chain before it commits.
            using var start = new SemaphoreSlim(0, 2);
            var resolve = Task.Run(async () =>
            {
                await start.WaitAsync();
                return await harness.Core.Get<ResolveVoucher>().ExecuteAsync(parties.Payer, voucherId, new ResolveRequest([new ReceiptRequest(VoucherPayments.IdOf(added.Payment!), receipt.TxHash)]));
            });
            var discard = Task.Run(async () =>
            {
                await start.WaitAsync();
                await Task.Delay(round % 4 * 3);
                return await harness.Core.Get<DiscardVoucher>().ExecuteAsync(parties.Payee, voucherId);
            });
            start.Release(2);
            var (resolved, discarded) = (await resolve, await discard);

            Assert.True(resolved.Ok ^ discarded.Ok, $"round {round}: resolve {resolved.Error?.Code ?? "ok"}, discard {discarded.Error?.Code ?? "ok"}");
            var final = (await harness.Core.Get<VoucherReads>().GetVoucherAsync(parties.Payee, voucherId))!;
            await using var db = await harness.Core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
            var claimed = await db.TransferClaims.AnyAsync(c => c.TxHash == receipt.TxHash);
            if (resolved.Ok)
            {
                Assert.Equal(VoucherStatus.Resolved, final.Status);
                Assert.True(claimed);
                Assert.Equal(PaymentStatus.Processing, final.Payment!.Status);
                Assert.Equal(ErrorCodes.AlreadyResolved, discarded.Error!.Code);
            }
            else
            {
                Assert.Equal(VoucherStatus.Discarded, final.Status);
                Assert.False(claimed, "a discarded voucher's receipt must not be recorded as paying it");
                Assert.Equal(PaymentStatus.Canceled, final.Payment!.Status);
                Assert.Equal(ErrorCodes.VoucherExpired, resolved.Error!.Code);
            }

            outcomes.Add((resolved.Ok, discarded.Ok));
        }

        Assert.All(outcomes, o => Assert.True(o.Resolved ^ o.Discarded));
    }

    [Fact]
    public async Task a_redeem_whose_payment_cannot_be_opened_leaves_the_voucher_reserved_and_nothing_else()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var parties = await OpenAsync(harness);
        var voucher = (await harness.Core.Get<ReserveVoucher>().ExecuteAsync(parties.Payee, parties.Session.PublicId)).Value!;
        await using (var db = await harness.Core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync())
        {
            // A store whose payment window is zero: every payment it opens is expired at birth, so opening it fails.
            await db.Merchants.Where(m => m.Id == parties.Session.MerchantId).ExecuteUpdateAsync(m => m.SetProperty(x => x.ExpirationMinutes, 0));
        }

        var redeemed = await harness.Core.Get<RedeemVoucher>().ExecuteAsync(parties.Payee, voucher.PublicId, new RedeemRequest(Usdc("2.5", parties.Wallet)));

        Assert.Equal(ErrorCodes.SessionExpired, redeemed.Error?.Code);
        var after = (await harness.Core.Get<VoucherReads>().GetVoucherAsync(parties.Payee, voucher.PublicId))!;
        Assert.Equal((VoucherStatus.Reserved, (Guid?)null, (Payment?)null), (after.Voucher.Status, after.Voucher.PaySessionId, after.Payment));
        await using var check = await harness.Core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        Assert.False(await check.Sessions.AnyAsync(s => s.ReferenceNumber == voucher.PublicId));
        Assert.False(await check.Events.AnyAsync(e => e.VoucherId == voucher.Id && e.Type == "voucher.status_changed"));
    }

    [Fact]
    public async Task adding_a_payment_that_is_refused_stores_no_voucher_at_all()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var parties = await OpenAsync(harness);

        var refused = await harness.Core.Get<AddVoucherPayment>().ExecuteAsync(parties.Payee, parties.Session.PublicId, Usdc("-3", parties.Wallet));

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
        Assert.Empty((await harness.Core.Get<VoucherReads>().GetSessionAsync(parties.Payee, parties.Session.PublicId))!.Vouchers);
        var added = await harness.Core.Get<AddVoucherPayment>().ExecuteAsync(parties.Payee, parties.Session.PublicId, Usdc("3", parties.Wallet));
        Assert.Equal((VoucherStatus.Redeemed, new BigInteger(3_000_000)), (added.Value!.Status, added.Value.Payment!.Amount));
    }

    [Fact]
    public async Task concurrent_reserves_redeems_and_discards_in_one_session_leave_a_consistent_state()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var parties = await OpenAsync(harness);
        var reserve = harness.Core.Get<ReserveVoucher>();
        var reserved = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => reserve.ExecuteAsync(parties.Payee, parties.Session.PublicId)));
        Assert.All(reserved, r => Assert.True(r.Ok));
        Assert.Equal(10, reserved.Select(r => r.Value!.Code).Distinct().Count());

        var work = reserved.SelectMany(r => new Func<Task<bool>>[]
        {
            async () => (await harness.Core.Get<RedeemVoucher>().ExecuteAsync(parties.Payee, r.Value!.PublicId, new RedeemRequest(Usdc("4", parties.Wallet)))).Ok,
            async () => (await harness.Core.Get<DiscardVoucher>().ExecuteAsync(parties.Payee, r.Value!.PublicId)).Ok,
        });
        await Task.WhenAll(work.Select(w => Task.Run(w)));

        var view = (await harness.Core.Get<VoucherReads>().GetSessionAsync(parties.Payee, parties.Session.PublicId))!;
        Assert.Equal(10, view.Vouchers.Count);
        foreach (var voucher in view.Vouchers)
        {
            // Either order is a serial one: discarded (before or after a redeem), or redeemed and then not discarded.
            Assert.Contains(voucher.Status, new[] { VoucherStatus.Discarded, VoucherStatus.Redeemed });
            if (voucher.Status == VoucherStatus.Redeemed)
            {
                Assert.Equal(PaymentStatus.Pending, voucher.Payment!.Status);
            }
            else if (voucher.Payment is { } payment)
            {
                Assert.Equal(PaymentStatus.Canceled, payment.Status);
            }
        }
    }
}
