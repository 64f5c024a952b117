using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using static PaySessions.Core.Tests.Model.ModelBuilders;

namespace PaySessions.Core.Tests.Payments;

/// <summary>The matching rules alone, and their order: exact amount, claim, top-up, single near candidate.</summary>
public sealed class TransferMatcherTests
{
    private static readonly HashSet<Guid> Untouched = [];

    private static Payment Asking(BigInteger amount, PaySession? session = null) =>
        Payment.Open(session ?? Session(), new AssetQuote(Usdc, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", 1m, amount), amount, TimeSpan.FromHours(1), Now);

    private static ChainTransfer Transfer(BigInteger value, DateTime? minedAt = null) => ChainTransfer.Seen(
        "polygon",
        new TransferLog(Usdc.Contract, "0x" + new string('1', 40), "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", value, "0x" + new string('b', 64), 0, 100, "0x" + new string('c', 64), false),
        minedAt ?? Now.AddMinutes(1),
        Now);

    [Fact]
    public void rule_1_the_exact_amount_wins_over_a_claim()
    {
        var exact = Asking(10_000_123);
        var claimed = Asking(10_000_456);
        Assert.Same(exact, TransferMatcher.ByAmountOrClaim(Transfer(10_000_123), exact, claimed));
    }

    [Fact]
    public void rule_2_a_claim_decides_when_no_payment_asks_the_exact_amount()
    {
        var claimed = Asking(10_000_456);
        Assert.Same(claimed, TransferMatcher.ByAmountOrClaim(Transfer(9_000_000), null, claimed));
    }

    [Fact]
    public void rules_1_and_2_refuse_a_transfer_mined_before_the_payment_existed()
    {
        var payment = Asking(10_000_123);
        var old = Transfer(10_000_123, Now - Payment.ClockSkew - TimeSpan.FromSeconds(1));
        Assert.Null(TransferMatcher.ByAmountOrClaim(old, payment, payment));
        Assert.Same(payment, TransferMatcher.ByAmountOrClaim(Transfer(10_000_123, Now - Payment.ClockSkew), payment, null));
    }

    [Fact]
    public void rule_1_matches_a_voucher_payment_by_its_amount_too_so_a_receipt_without_a_hash_can_resolve_it()
    {
        var voucherSession = PaySession.OpenForVoucher(Shop, "123456", "vch_123456", 5m, "USD", "polygon", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", Now);
        var voucherPayment = Asking(5_000_000, voucherSession);
        Assert.True(voucherPayment.MatchByAmount);
        Assert.Same(voucherPayment, TransferMatcher.ByAmountOrClaim(Transfer(5_000_000), voucherPayment, null));
    }

    [Fact]
    public void rule_3_a_top_up_of_exactly_the_missing_amount_goes_to_the_underpaid_payment()
    {
        var underpaid = Asking(10_000_000);
        underpaid.ApplyChain(Paying(underpaid, 1, paid: 6_000_000), 0m, Now);
        var other = Asking(4_100_000);
        Assert.Same(underpaid, TransferMatcher.ByShortfallOrProximity(Transfer(4_000_000), [other, underpaid], Untouched));
    }

    [Fact]
    public void rule_3_comes_before_rule_4()
    {
        var underpaid = Asking(10_000_000);
        underpaid.ApplyChain(Paying(underpaid, 1, paid: 6_000_000), 0m, Now);
        var near = Asking(4_000_001); // within 10 % of the transfer too
        Assert.Same(underpaid, TransferMatcher.ByShortfallOrProximity(Transfer(4_000_000), [near, underpaid], Untouched));
    }

    [Fact]
    public void rule_4_a_single_payment_within_ten_percent_takes_an_inexact_transfer()
    {
        var near = Asking(10_000_000);
        var far = Asking(20_000_000);
        Assert.Same(near, TransferMatcher.ByShortfallOrProximity(Transfer(9_500_000), [near, far], Untouched));
        Assert.Same(near, TransferMatcher.ByShortfallOrProximity(Transfer(11_000_000), [near, far], Untouched));
        Assert.Null(TransferMatcher.ByShortfallOrProximity(Transfer(11_000_001), [near, far], Untouched));
    }

    [Fact]
    public void rule_4_refuses_to_guess_between_two_candidates_or_one_already_paid_in_this_batch()
    {
        var first = Asking(10_000_000);
        var second = Asking(10_100_000);
        Assert.Null(TransferMatcher.ByShortfallOrProximity(Transfer(10_050_000), [first, second], Untouched));
        Assert.Null(TransferMatcher.ByShortfallOrProximity(Transfer(10_050_000), [first], new HashSet<Guid> { first.Id }));
    }

    [Fact]
    public void rule_4_skips_payments_already_confirming_or_settled()
    {
        var confirming = Asking(10_000_000);
        confirming.ApplyChain(Paying(confirming, 1), 0m, Now);
        Assert.Null(TransferMatcher.ByShortfallOrProximity(Transfer(9_900_000), [confirming], Untouched));
    }
}
