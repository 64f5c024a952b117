using System.Net.Http.Json;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Process;

/// <summary>The app killed with SIGKILL while a webhook is on the wire: after a restart every message arrives, under its own id, none invented.</summary>
public sealed class WebhookCrashTests
{
    [Fact]
    public async Task kill_9_mid_delivery_and_the_restarted_app_delivers_every_message_under_the_same_ids()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-webhook-crash-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["Storage__DatabasePath"] = Path.Combine(directory, "pos.db"),
            ["Demo__Enabled"] = "true",
            ["Chain__MonitorEnabled"] = "false",
            // Tokens are offered only on networks with an RPC URL; nothing is watched here, so a closed port will do.
            ["Networks__polygon__RpcUrls__0"] = "http://127.0.0.1:9",
            ["Demo__Wallets__polygon"] = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720",
            ["Webhooks__Timeout"] = "00:00:50",
            ["Webhooks__RetrySchedule"] = "00:00:01, 00:00:01, 00:00:01",
        };
        var demo = new DemoOptions();

        try
        {
            var sessions = new List<string>();
            await using (var first = await PosProcess.StartAsync(environment))
            {
                using var api = Client(first.BaseUrl, demo.ApiKey);
                var created = await (await api.PostAsJsonAsync("/webhooks", new { url = receiver.Url("/orders"), events = new[] { "session.created" } }))
                    .JsonAsync(System.Net.HttpStatusCode.Created);
                await receiver.SetSecretAsync("/orders", created.GetProperty("secret").GetString()!);
                // The receiver holds the first request open: the app dies while that delivery is on the wire.
                await receiver.SetModeAsync("/orders", 204, delayMs: 60_000);
                for (var i = 0; i < 5; i++)
                {
                    sessions.Add(await api.CreateSessionAsync(3m + i));
                }

                await receiver.WaitForAsync("/orders", r => r.Count >= 1, TimeSpan.FromSeconds(20));
                await first.KillHardAsync();
            }

            await receiver.ClearModeAsync("/orders");
            await using var second = await PosProcess.StartAsync(environment);
            var received = await receiver.WaitForAsync("/orders", r => r.Select(x => x.Id).Distinct().Count() >= 5, TimeSpan.FromSeconds(30));

            Assert.All(received, r => Assert.True(r.Verified, r.Error));
            var firstSeen = received.DistinctBy(r => r.Id).ToList();
            Assert.Equal(5, firstSeen.Count);
            Assert.Equal(sessions, firstSeen.Select(r => r.Body.GetProperty("data").GetProperty("sessionID").GetString()));
            // The one on the wire at the kill came again under its id; no message got a second id.
            Assert.Equal(received[0].Id, received[1].Id);
            Assert.Equal(5, received.Select(r => r.Body.GetProperty("data").GetProperty("sessionID").GetString()).Distinct().Count());
            using var again = Client(second.BaseUrl, demo.ApiKey);
            var endpoint = (await (await again.GetAsync("/webhooks")).JsonAsync()).GetProperty("data")[0].GetProperty("id").GetString();
            var log = await (await again.GetAsync($"/webhooks/{endpoint}/deliveries")).JsonAsync();
            Assert.Equal(firstSeen.Select(r => r.Id).Order(), log.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("messageId").GetString()).Order());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static HttpClient Client(string baseUrl, string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}
