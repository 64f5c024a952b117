using System.Net;
using System.Net.Http.Json;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>Odd but valid text (markup, a script tag, an RTL override) is kept as given and shown as text, never as markup.</summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class OddTextTests
{
    private const string Descriptor = "<script>alert(1)</script><b>Caf\u00e9</b> \u202Eevil";
    private const string Reference = "<img src=x onerror=alert(2)>";

    [Fact]
    public async Task odd_text_is_stored_as_given_and_rendered_escaped_on_the_checkout_and_back_office_pages()
    {
        var check = new SecurityCheck();
        await using var pos = await TestPos.StartAsync();
        var (store, keys) = await pos.NewMerchantAsync("Odd Text Shop");
        await pos.AddUserAsync(store.Id, "manager", TestPos.CashierPassword, StoreRole.Manager);
        using var api = pos.Client(apiKey: keys.ApiKey);
        using var created = await api.PostAsJsonAsync("/session", new { amount = 4.20m, amountCurrency = "USD", descriptor = Descriptor, referenceNumber = Reference });
        var sessionId = (await created.JsonAsync()).GetProperty("sessionID").GetString()!;

        var stored = await (await api.GetAsync($"/session/{sessionId}")).JsonAsync();
        check.That(stored.GetProperty("descriptor").GetString() == Descriptor, "the descriptor was not stored as given");
        check.That(stored.GetProperty("referenceNumber").GetString() == Reference, "the reference was not stored as given");

        using var manager = await SignedInClient.SignInAsync(pos, "manager", TestPos.CashierPassword);
        foreach (var (client, page) in new[] { (manager, $"/pay/{sessionId}"), (manager, $"/admin/sessions/{sessionId}") })
        {
            using var response = await client.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            check.That(response.StatusCode == HttpStatusCode.OK, $"{page} answered {(int)response.StatusCode}");
            check.That(html.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", StringComparison.Ordinal), $"{page} does not show the descriptor as text");
            check.That(!html.Contains("<script>alert(1)", StringComparison.Ordinal) && !html.Contains("<img src=x", StringComparison.Ordinal), $"{page} renders the text as markup");
        }

        check.Report();
    }
}
