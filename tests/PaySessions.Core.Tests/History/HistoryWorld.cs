using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.History;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Vouchers;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.History;

/// <summary>
/// Sales made the way the app makes them: sessions through <see cref="SessionService"/>, picks, transfers handed to the
/// real <see cref="PaymentLedger"/> (as the chain monitor would), vouchers through the voucher use cases.
/// </summary>
internal sealed class HistoryWorld(CoreHarness core)
{
    private int _block = 100;

    public SessionHistory History => core.Get<SessionHistory>();

    public DateTime Now => core.Time.GetUtcNow().UtcDateTime;

    /// <summary>A sale; the clock then moves on a second (unless <paramref name="tick"/> is false), so sales are ordered by time.</summary>
    public async Task<PaySession> SellAsync(MerchantCaller merchant, decimal amount = 10m, string? descriptor = null, string? reference = null, bool tick = true)
    {
        var created = await core.Get<SessionService>().CreateAsync(merchant, new CreateSessionRequest(descriptor, reference, amount, "USD"));
        Assert.True(created.Ok, created.Error?.Message);
        if (tick)
        {
            core.Time.Advance(TimeSpan.FromSeconds(1));
        }

        return created.Value;
    }

    public async Task<Payment> PickAsync(PaySession session, string asset = "USDC")
    {
        var picked = await core.Get<SessionService>().PickAsync(session.Id, session.MerchantId, asset, "polygon");
        Assert.True(picked.Ok, picked.Error?.Message);
        return picked.Value;
    }

    /// <summary>A transfer of <paramref name="value"/> base units to the payment's wallet, seen in a new block.</summary>
    public async Task PayAsync(Payment payment, BigInteger value, string txHash, string from)
    {
        var block = ++_block;
        var log = new TransferLog(payment.TokenContract, from, payment.Recipient, value, txHash, 0, block, "0x" + block.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), false);
        await core.Get<PaymentLedger>().RecordAsync("polygon", [log], new Dictionary<long, DateTime> { [block] = Now }, block, CancellationToken.None);
    }

    public async Task CancelAsync(PaySession session) =>
        Assert.True((await core.Get<SessionService>().CancelAsync(session.Id, session.MerchantId)).Ok);

    /// <summary>A payer's voucher redeemed for <paramref name="amount"/> USDC: its pay session is a voucher session.</summary>
    public async Task<Guid> RedeemVoucherAsync(MerchantCaller merchant, string amount = "7")
    {
        var auth = core.Get<VoucherAuth>();
        var (context, _, _) = await core.Get<OpenPayerContext>().OpenAsync(null, ContextFormat.Alphanum, []);
        var payee = (await auth.PayeeForCodeAsync(merchant.MerchantId, context.Code)).Value!;
        var session = (await core.Get<OpenVoucherSession>().ExecuteAsync(payee, new SessionOpenRequest(context.Code))).Value!;
        var voucher = (await core.Get<ReserveVoucher>().ExecuteAsync(payee, session.PublicId)).Value!;
        var redeemed = await core.Get<RedeemVoucher>().ExecuteAsync(payee, voucher.PublicId,
            new RedeemRequest(new ExpectedPaymentRequest("polygon", "USDC", TestNetworks.Usdc, amount, new WalletRequest(CoreHarness.MerchantWallet))));
        Assert.True(redeemed.Ok, redeemed.Error?.Message);
        return redeemed.Value.Payment!.SessionId;
    }

    /// <summary>Every page of the history, following the cursor to the end.</summary>
    public async Task<List<HistoryRow>> AllAsync(MerchantCaller merchant, HistoryFilter filter, int limit = 50, bool oldestFirst = false)
    {
        var rows = new List<HistoryRow>();
        string? cursor = null;
        do
        {
            var page = await History.PageAsync(merchant.MerchantId, new HistoryQuery(filter) { Limit = limit, Cursor = cursor, OldestFirst = oldestFirst });
            Assert.True(page.Ok, page.Error?.Message);
            rows.AddRange(page.Value.Rows);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        return rows;
    }

    public async Task<List<Guid>> IdsAsync(MerchantCaller merchant, HistoryFilter filter) =>
        (await AllAsync(merchant, filter)).Select(r => r.Session.Id).ToList();

    public static string Hash(char c) => "0x" + new string(c, 64);

    public static string Address(char c) => "0x" + new string(c, 40);
}

internal static class AsyncSequences
{
    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
