using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// Many callers at once on one thing that only one of them may have: a transaction hash claimed for 200 payments
/// (through both APIs), and 100 picks on one checkout session. Against the real app over HTTP, on its dev chain.
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class ClaimRaceTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(new Dictionary<string, string?>(TestPos.WithDevChain)
    {
        // The races below come from one client address; the limits are not what is under test.
        ["Pos:ApiPermitsPerMinute"] = "100000",
        ["Pos:AddressPermitsPerMinute"] = "100000",
    });

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task two_hundred_claims_of_one_transaction_for_different_payments_let_exactly_one_win()
    {
        var tally = new RaceTally("claims of one hash");
        var wallet = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var (merchant, keys) = await _pos.NewMerchantAsync("Claim Race", wallet);
        using var till = _pos.Client(keys.PublishableKey);

        // 180 checkout transactions of about one dollar (each with its own unique offset) ...
        var transactions = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 180), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            var session = await till.CreateSessionAsync(1m);
            var picked = await (await till.PostAsJsonAsync($"/session/{session}/transaction", new { asset = "USDC", network = "polygon" }, ct)).JsonAsync();
            transactions.Enqueue(picked.GetProperty("transactionID").GetString()!);
        });

        // ... and 20 vouchers asking one USDC of the same wallet, in one voucher session.
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(keys.ApiKey, code);
        var voucherSession = (await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        await payer.PostAsync($"/api/v1/vouchers/sessions/{voucherSession}/session-join");
        var vouchers = new List<(string Id, string PaymentId)>();
        for (var i = 0; i < 20; i++)
        {
            var id = (await payee.PostAsync($"/api/v1/vouchers/sessions/{voucherSession}/reserve-voucher")).GetProperty("id").GetString()!;
            await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", VoucherCalls.RedeemBody("USDC", TestNetworks.Usdc, "1", wallet));
            vouchers.Add((id, (await payer.GetJsonAsync($"/api/v1/vouchers/{id}")).PaymentId()));
        }

        // One transfer that is enough for any of them (1.01 USDC), near all their amounts so no amount rule picks one.
        var receipt = await _pos.PayAsync(TestNetworks.Usdc, wallet, new BigInteger(1_010_000));
        var checkout = transactions.Select(async id =>
        {
            using var response = await till.PostAsJsonAsync($"/transaction/{id}/claim", new { txHash = receipt.TxHash });
            return (Api: "checkout", Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        });
        var voucher = vouchers.Select(async v =>
        {
            using var response = await payer.PostJsonAsync($"/api/v1/vouchers/{v.Id}/resolve-voucher", VoucherCalls.Receipts(v.PaymentId, receipt.TxHash));
            return (Api: "voucher", Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        });
        var answers = await Task.WhenAll(checkout.Concat(voucher));

        tally.NoServerErrors(answers.Select(a => a.Status));
        var won = answers.Where(a => a.Status is HttpStatusCode.OK or HttpStatusCode.Accepted).ToList();
        tally.Check(won.Count == 1, $"{won.Count} claims won: {string.Join(", ", won.Select(w => w.Api))}");
        var lost = answers.Where(a => (int)a.Status is >= 400 and < 500).ToList();
        tally.Check(lost.All(a => a.Body.Contains("transfer_already_used", StringComparison.Ordinal)),
            "a losing claim was refused for another reason: " + lost.FirstOrDefault(a => !a.Body.Contains("transfer_already_used", StringComparison.Ordinal)).Body);

        await using var db = await _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var claimRows = await db.TransferClaims.CountAsync(c => c.TxHash == receipt.TxHash);
        var paying = await db.ChainTransfers.Where(t => t.TxHash == receipt.TxHash && t.PaymentId != null).Select(t => t.PaymentId).Distinct().ToListAsync();
        var paid = (await db.Payments.AsNoTracking().Where(p => p.MerchantId == merchant.Id).ToListAsync()).Where(p => !p.Paid.IsZero).ToList();
        tally.Check(claimRows == 1, $"{claimRows} claim rows for the hash");
        tally.Check(paying.Count == 1, $"the transfer pays {paying.Count} payments");
        tally.Check(paid.Count == 1 && paid[0].Paid == new BigInteger(1_010_000), $"{paid.Count} payments show money paid");
        tally.Check(paid.Count == 1 && paying.Count == 1 && paid[0].Id == paying[0], "the payment paid is not the one the transfer is recorded against");
        tally.Report();
    }

    [Fact]
    public async Task a_hundred_picks_at_once_on_one_session_leave_exactly_one_open_transaction()
    {
        var tally = new RaceTally("picks on one session");
        var (_, keys) = await _pos.NewMerchantAsync("Pick Race", "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
        using var till = _pos.Client(keys.PublishableKey);
        var session = await till.CreateSessionAsync(4.2m);
        string[] assets = ["USDC", "USDT", "EURC"];

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await till.PostAsJsonAsync($"/session/{session}/transaction", new { asset = assets[i % 3], network = "polygon" });
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Id: response.IsSuccessStatusCode ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("transactionID").GetString() : null, Body: body);
        }));

        tally.NoServerErrors(answers.Select(a => a.StatusCode));
        var refused = answers.Where(a => !a.StatusCode.Equals(HttpStatusCode.OK)).ToList();
        tally.Check(refused.All(a => a.Body.Contains("too_many_attempts", StringComparison.Ordinal) || a.Body.Contains("session_closed", StringComparison.Ordinal)),
            "a pick was refused for an unexpected reason: " + refused.FirstOrDefault(a => !a.Body.Contains("too_many_attempts", StringComparison.Ordinal)).Body);
        await using var db = await _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var sessionId = Guid.Parse(session);
        var payments = await db.Payments.AsNoTracking().Where(p => p.SessionId == sessionId).ToListAsync();
        var open = payments.Where(p => p.Status is PaymentStatus.Pending or PaymentStatus.Processing).ToList();
        tally.Check(open.Count == 1, $"{open.Count} open transactions on the session");
        var current = (await (await till.GetAsync($"/session/{session}")).JsonAsync()).GetProperty("transactionID").GetString();
        tally.Check(open.Count == 1 && current == open[0].Id.ToString(), $"the session names {current}, not its open transaction");
        tally.Check(answers.Any(a => a.Id == current), "the open transaction was never answered to anyone");
        tally.Report();
    }
}
