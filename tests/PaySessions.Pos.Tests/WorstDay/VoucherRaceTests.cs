using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// Reserve, redeem, resolve and discard all at once on one voucher session: whatever interleaving the server saw, the
/// end state must be one some serial order of the same calls would give, and the answers must agree with it.
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class VoucherRaceTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    // The monitor is off: only the calls under test move anything (a transfer matched by amount would be a third racer).
    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(new Dictionary<string, string?>(TestPos.WithDevChain)
    {
        ["Chain:MonitorEnabled"] = "false",
        ["Pos:ApiPermitsPerMinute"] = "100000",
        ["Pos:AddressPermitsPerMinute"] = "100000",
    });

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task reserve_redeem_resolve_and_discard_at_once_end_in_a_state_some_serial_order_reaches()
    {
        var tally = new RaceTally("voucher session race");
        var wallet = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var (_, keys) = await _pos.NewMerchantAsync("Voucher Race", wallet);
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(keys.ApiKey, code);
        var session = (await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        await payer.PostAsync($"/api/v1/vouchers/sessions/{session}/session-join");

        // Twelve redeemed and paid on chain (resolve races discard); six only reserved (redeem races discard).
        var paid = new List<(string Id, string PaymentId, string TxHash)>();
        for (var i = 0; i < 12; i++)
        {
            var id = await ReserveAsync(payee, session);
            var amount = $"2.{i + 1:00}";
            await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", VoucherCalls.RedeemBody("USDC", TestNetworks.Usdc, amount, wallet));
            var receipt = await _pos.PayAsync(TestNetworks.Usdc, wallet, new BigInteger(2_000_000 + ((i + 1) * 10_000)));
            paid.Add((id, (await payer.GetJsonAsync($"/api/v1/vouchers/{id}")).PaymentId(), receipt.TxHash));
        }

        var reserved = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            reserved.Add(await ReserveAsync(payee, session));
        }

        var resolves = paid.Select(v => CallAsync(payer, $"/api/v1/vouchers/{v.Id}/resolve-voucher", VoucherCalls.Receipts(v.PaymentId, v.TxHash))).ToList();
        var discardsOfPaid = paid.Select(v => CallAsync(payee, $"/api/v1/vouchers/{v.Id}/discard-voucher")).ToList();
        var redeems = reserved.Select(id => CallAsync(payee, $"/api/v1/vouchers/{id}/redeem-voucher", VoucherCalls.RedeemBody("USDC", TestNetworks.Usdc, "3", wallet))).ToList();
        var discardsOfReserved = reserved.Select(id => CallAsync(payee, $"/api/v1/vouchers/{id}/discard-voucher")).ToList();
        var newReserves = Enumerable.Range(0, 8).Select(_ => CallAsync(payee, $"/api/v1/vouchers/sessions/{session}/reserve-voucher")).ToList();
        var all = resolves.Concat(discardsOfPaid).Concat(redeems).Concat(discardsOfReserved).Concat(newReserves).ToList();
        tally.NoServerErrors((await Task.WhenAll(all)).Select(a => a.Status));
        var (resolved, discardedPaid, redeemed, discardedReserved) =
            (await Task.WhenAll(resolves), await Task.WhenAll(discardsOfPaid), await Task.WhenAll(redeems), await Task.WhenAll(discardsOfReserved));

        await using var db = await _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < paid.Count; i++)
        {
            var (resolve, discard) = (resolved[i], discardedPaid[i]);
            var voucher = await payee.GetJsonAsync($"/api/v1/vouchers/{paid[i].Id}");
            var status = voucher.GetProperty("status").GetString();
            var claims = await db.TransferClaims.CountAsync(c => c.TxHash == paid[i].TxHash);
            // Serially, whichever came first wins and the other is refused.
            tally.Check(resolve.Ok != discard.Ok, $"{paid[i].Id}: resolve {resolve.Status} and discard {discard.Status}");
            tally.Check(!resolve.Ok || (status == "RESOLVED" && claims == 1 && voucher.Payment().GetProperty("status").GetString() == "PROCESSING"),
                $"{paid[i].Id}: resolved but reads {status} with {claims} claim(s)");
            tally.Check(!discard.Ok || (status == "DISCARDED" && claims == 0 && voucher.Payment().GetProperty("status").GetString() == "CANCELED"),
                $"{paid[i].Id}: discarded but reads {status} with {claims} claim(s)");
        }

        for (var i = 0; i < reserved.Count; i++)
        {
            var (redeem, discard) = (redeemed[i], discardedReserved[i]);
            var voucher = await payee.GetJsonAsync($"/api/v1/vouchers/{reserved[i]}");
            // A voucher discarded before it was redeemed has no terms, so no payments[] at all.
            var payments = voucher.TryGetProperty("payments", out var list) ? list.EnumerateArray().ToList() : [];
            // Serially: redeem then discard (both succeed), or discard then redeem (refused). Discard always wins in the end.
            tally.Check(discard.Ok && voucher.GetProperty("status").GetString() == "DISCARDED", $"{reserved[i]}: discard {discard.Status}, reads {voucher.GetProperty("status")}");
            tally.Check(redeem.Ok == (payments.Count == 1), $"{reserved[i]}: redeem {redeem.Status} but {payments.Count} payment(s)");
            tally.Check(payments.All(p => p.GetProperty("status").GetString() == "CANCELED"), $"{reserved[i]}: a discarded voucher's payment is still open");
        }

        var created = (await Task.WhenAll(newReserves)).Where(a => a.Ok).Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("id").GetString()).ToList();
        tally.Check(created.Count == 8 && created.Distinct().Count() == 8, $"{created.Count} of 8 reserves succeeded, {created.Distinct().Count()} distinct");
        var inSession = (await payee.GetJsonAsync($"/api/v1/vouchers/sessions/{session}")).GetProperty("vouchers").GetArrayLength();
        tally.Check(inSession == paid.Count + reserved.Count + created.Count, $"the session holds {inSession} vouchers");
        tally.Report();
    }

    private static async Task<string> ReserveAsync(HttpClient payee, string session) =>
        (await payee.PostAsync($"/api/v1/vouchers/sessions/{session}/reserve-voucher")).GetProperty("id").GetString()!;

    private static async Task<Answer> CallAsync(HttpClient client, string path, string json = "{}")
    {
        using var response = await client.PostJsonAsync(path, json);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed record Answer(HttpStatusCode Status, string Body)
    {
        public bool Ok => Status == HttpStatusCode.OK;
    }
}
