using System.Net.Http.Json;
using System.Numerics;
using Microsoft.Data.Sqlite;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Tests.Process;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// Twenty rounds of kill -9 at a random moment while sales are opened, paid on chain, claimed, settled and reported by
/// webhook, and a voucher is reserved, redeemed, paid and resolved. After each kill the app must start cleanly; at the
/// end every payment is settled exactly once, every paid voucher is resolved with its payment settled once, and every
/// webhook message the app wrote has reached the receiver (verified with the standardwebhooks library).
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class KillRoundsTests
{
    private const int Rounds = 20;
    private const string Wallet = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

    [Fact]
    public async Task twenty_kills_at_random_moments_lose_no_payment_settle_none_twice_and_lose_no_webhook()
    {
        await using var anvil = await SeededAnvil.StartAsync();
        var rpc = anvil.Rpc;
        await using var receiver = await WebhookReceiver.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-kill-rounds-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(directory, "pos.db");
        var environment = new Dictionary<string, string>
        {
            ["Storage__DatabasePath"] = database,
            ["Networks__polygon__RpcUrls__0"] = anvil.RpcUrl,
            ["Networks__polygon__Confirmations"] = "2",
            ["Networks__polygon__Assets__USDC__Contract"] = TestNetworks.Usdc,
            ["Chain__PollInterval"] = "00:00:00.100",
            ["Demo__Enabled"] = "true",
            ["Demo__Wallets__polygon"] = Wallet,
            ["Webhooks__RetrySchedule"] = "00:00:00.200, 00:00:00.500, 00:00:01",
            ["Pos__ApiPermitsPerMinute"] = "100000",
        };
        var demo = new DemoOptions();
        var sales = new List<(string Id, BigInteger Units)>();
        var paidSales = new HashSet<string>();
        var roundErrors = new List<string>();
        var vouchers = new List<PaidVoucher>();
        var starts = 0;

        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                await using var app = await PosProcess.StartAsync(environment);
                starts++;
                using var api = Client(app.BaseUrl, demo.ApiKey);
                if (round == 0)
                {
                    var endpoint = await (await api.PostAsJsonAsync("/webhooks", new { url = receiver.Url("/shop"), events = new[] { "transaction.created", "transaction.succeeded" } }))
                        .JsonAsync(System.Net.HttpStatusCode.Created);
                    await receiver.SetSecretAsync("/shop", endpoint.GetProperty("secret").GetString()!);
                }

                // The kill lands somewhere in this round's work: opening, paying, claiming, settling or delivering.
                var begun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var voucherPaid = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var work = Task.WhenAll(RoundAsync(api, rpc, sales, paidSales, begun), VoucherAsync(app.BaseUrl, demo.ApiKey, rpc, vouchers, voucherPaid));
                // Every other round the kill waits for the voucher's transfer, so it lands while the voucher is being resolved.
                await Task.WhenAny(work, round % 2 == 0 ? begun.Task : voucherPaid.Task);
                await Task.WhenAny(work, Task.Delay(Random.Shared.Next(0, 1_200)));
                await app.KillHardAsync();
                await work.ContinueWith(t => { if (t.Exception is { } e) { roundErrors.Add($"round {round}: {e.InnerException?.GetType().Name}: {e.InnerException?.Message}"); } }, TaskScheduler.Default);
                await rpc.Client.CallAsync("anvil_mine", ["0x1"], CancellationToken.None);
            }

            await using var last = await PosProcess.StartAsync(environment);
            starts++;
            using var check = Client(last.BaseUrl, demo.ApiKey);
            await rpc.Client.CallAsync("anvil_mine", ["0x3"], CancellationToken.None);
            var lost = 0;
            var twice = 0;
            var lostVouchers = new List<string>();
            foreach (var (id, units) in sales)
            {
                if (!paidSales.Contains(id))
                {
                    // The customer's wallet never got its transfer mined (the chain refused it): nothing to settle, but
                    // the sale must not be paid either.
                    var open = await (await check.GetAsync($"/transaction/{id}")).JsonAsync();
                    twice += open.GetProperty("paidAmount").GetString() == "0" ? 0 : 1;
                    continue;
                }

                try
                {
                    await Eventually.Async(async () => Assert.Equal(1, (await (await check.GetAsync($"/transaction/{id}")).JsonAsync()).GetProperty("status").GetInt32()));
                }
                catch (Exception)
                {
                    lost++;
                    using var seenSale = await check.GetAsync($"/transaction/{id}");
                    var seenTransfers = DatabaseFile.Count(database, $"SELECT COUNT(*) FROM ChainTransfers WHERE Value = '{units}'");
                    lostVouchers.Add($"sale {id} ({units}, transfers of that value seen: {seenTransfers}): "
                        + $"{(int)seenSale.StatusCode} {await seenSale.Content.ReadAsStringAsync()}\nrounds cut short: {string.Join("; ", roundErrors)}");
                    continue;
                }

                var settled = await (await check.GetAsync($"/transaction/{id}")).JsonAsync();
                twice += settled.GetProperty("paidAmount").GetString() == TokenAmount.Format(units, 6) ? 0 : 1;
            }

            foreach (var voucher in vouchers)
            {
                using var payee = Bearer(last.BaseUrl, voucher.PayeeToken);
                if (!voucher.Answered)
                {
                    // A payer whose resolve call was cut off by the kill (or never made) sends it again, as any client would;
                    // one that got its answer sends nothing more: what it was told must have been kept.
                    using var payer = Bearer(last.BaseUrl, voucher.PayerToken);
                    using var _ = await payer.PostJsonAsync($"/api/v1/vouchers/{voucher.Id}/resolve-voucher", VoucherCalls.Receipts(voucher.PaymentId, voucher.TxHash));
                }

                try
                {
                    await Eventually.Async(async () =>
                    {
                        var now = await (await payee.GetAsync($"/api/v1/vouchers/{voucher.Id}")).JsonAsync();
                        Assert.Equal(("RESOLVED", "SUCCEEDED"), (now.GetProperty("status").GetString(), now.GetProperty("payments")[0].GetProperty("status").GetString()));
                    });
                }
                catch (Exception)
                {
                    lost++;
                    using var seen = await payee.GetAsync($"/api/v1/vouchers/{voucher.Id}");
                    lostVouchers.Add($"{voucher.Id}: {(int)seen.StatusCode} {await seen.Content.ReadAsStringAsync()}");
                    continue;
                }

                var resolved = await (await payee.GetAsync($"/api/v1/vouchers/{voucher.Id}")).JsonAsync();
                twice += resolved.GetProperty("payments")[0].GetProperty("paidAmount").GetString() == TokenAmount.Format(voucher.Units, 6) ? 0 : 1;
            }

            var written = DatabaseFile.Count(database, "SELECT COUNT(*) FROM WebhookDeliveries");
            var received = await receiver.WaitForAsync("/shop", r => r.Select(x => x.Id).Distinct().Count() >= written, TimeSpan.FromSeconds(30))
                .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : receiver.ReceivedAsync("/shop").GetAwaiter().GetResult(), TaskScheduler.Default);
            var eventsLost = written - received.Select(r => r.Id).Distinct().Count();
            var succeededTwice = received.Where(r => r.Type == "transaction.succeeded").DistinctBy(r => r.Id)
                .GroupBy(r => r.Body.GetProperty("data").GetProperty("transactionID").GetString()).Count(g => g.Count() > 1);
            WorstDayFigures.Add("faults", "faults injected", Rounds);
            WorstDayFigures.Add("faults", "payments lost", lost);
            WorstDayFigures.Add("faults", "double settlements", twice + succeededTwice);
            WorstDayFigures.Add("faults", "events lost", Math.Max(0, eventsLost));

            Assert.Equal(Rounds + 1, starts);
            Assert.True(paidSales.Count >= Rounds, $"only {paidSales.Count} of {sales.Count} sales opened were paid on chain");
            Assert.True(vouchers.Count >= Rounds / 2, $"only {vouchers.Count} vouchers were paid before a kill");
            Assert.True(lostVouchers.Count == 0, "paid vouchers not resolved:\n" + string.Join('\n', lostVouchers));
            Assert.Equal(0, lost);
            Assert.Equal(0, twice + succeededTwice);
            Assert.Equal(0, eventsLost);
            Assert.All(received, r => Assert.True(r.Verified, r.Error));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One round's sales: each opened, paid on chain and (every other one) claimed by its hash.</summary>
    private static async Task RoundAsync(HttpClient api, EthRpc rpc, List<(string Id, BigInteger Units)> sales, HashSet<string> paidSales, TaskCompletionSource begun)
    {
        for (var i = 0; i < 3; i++)
        {
            var session = await api.CreateSessionAsync(1m + (sales.Count % 50));
            var picked = await (await api.PostAsJsonAsync($"/session/{session}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
            var sale = (picked.GetProperty("transactionID").GetString()!, BigInteger.Parse(picked.GetProperty("uri").GetString()!.Split("uint256=")[1]));
            lock (sales)
            {
                sales.Add(sale);
            }

            begun.TrySetResult();

            var receipt = await DevChainSeeder.TransferAsync(rpc, DemoCustomer.Address, TestNetworks.Usdc, Wallet, sale.Item2, CancellationToken.None);
            lock (sales)
            {
                paidSales.Add(sale.Item1);
            }

            if (sales.Count % 2 == 0)
            {
                using var _ = await api.PostAsJsonAsync($"/transaction/{sale.Item1}/claim", new { txHash = receipt.TxHash });
            }

            await rpc.Client.CallAsync("anvil_mine", ["0x1"], CancellationToken.None);
        }
    }

    /// <summary>A voucher reserved, redeemed and paid on chain; the payer then hands the transaction over (a kill may cut that short).</summary>
    private static async Task VoucherAsync(string baseUrl, string apiKey, EthRpc rpc, List<PaidVoucher> vouchers, TaskCompletionSource paidSignal)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var context = await (await anonymous.PostJsonAsync("/api/v1/vouchers/contexts/context-open",
            $$"""{ "format": "alphanum", "payers": [ { "address": "{{DemoCustomer.Address}}" } ] }""")).JsonAsync();
        var code = context.GetProperty("code").GetString()!;
        using var merchant = Client(baseUrl, apiKey);
        var signIn = await (await merchant.PostJsonAsync("/api/v1/auth/sign-in",
            $$"""{ "type": "resource", "data": { "resource": "voucher::context::code::{{code}}" } }""")).JsonAsync();
        var payeeToken = signIn.GetProperty("authorization").GetProperty("token").GetString()!;
        using var payee = Bearer(baseUrl, payeeToken);
        var id = (await (await payee.PostJsonAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).JsonAsync()).GetProperty("id").GetString()!;
        var redeemed = await (await payee.PostJsonAsync($"/api/v1/vouchers/{id}/redeem-voucher",
            VoucherCalls.RedeemBody("USDC", TestNetworks.Usdc, (7 + vouchers.Count % 40).ToString(System.Globalization.CultureInfo.InvariantCulture), Wallet))).JsonAsync();
        var payment = redeemed.GetProperty("payments")[0];
        var units = BigInteger.Parse(payment.GetProperty("uri").GetString()!.Split("uint256=")[1]);

        var receipt = await DevChainSeeder.TransferAsync(rpc, DemoCustomer.Address, TestNetworks.Usdc, Wallet, units, CancellationToken.None);
        var paid = new PaidVoucher(id, payeeToken, context.GetProperty("token").GetString()!, payment.GetProperty("id").GetString()!, receipt.TxHash, units);
        lock (vouchers)
        {
            vouchers.Add(paid);
        }

        paidSignal.TrySetResult();

        using var payer = Bearer(baseUrl, paid.PayerToken);
        using var resolved = await payer.PostJsonAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(paid.PaymentId, paid.TxHash));
        paid.Answered = resolved.IsSuccessStatusCode;
        await rpc.Client.CallAsync("anvil_mine", ["0x1"], CancellationToken.None);
    }

    private sealed record PaidVoucher(string Id, string PayeeToken, string PayerToken, string PaymentId, string TxHash, BigInteger Units)
    {
        public bool Answered { get; set; }
    }

    private static HttpClient Bearer(string baseUrl, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }


    private static HttpClient Client(string baseUrl, string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}
