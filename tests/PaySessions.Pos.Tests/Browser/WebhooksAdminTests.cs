using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PaySessions.Core.Merchants;
using PaySessions.Core.Users;
using PaySessions.Core.Webhooks;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class WebhooksAdminTests(BrowserFixture browser)
{
    private const string Hook = "/hooks/orders";

    /// <summary>A receiver's error page that tries to run a script: the attempts log must show it as text.</summary>
    private const string HostileAnswer = "<h1>Down for maintenance</h1><script>window.receiverRan = true</script>";

    /// <summary>One attempt and no retries, so a refused delivery is failed at once and the test never moves the clock.</summary>
    private static readonly Dictionary<string, string?> NoRetries = new() { ["Webhooks:RetrySchedule"] = "" };

    /// <summary>What Production enforces by default, set explicitly in the Testing environment.</summary>
    private static readonly Dictionary<string, string?> ProductionAddressRules = new()
    {
        ["Webhooks:RequireHttps"] = "true",
        ["Webhooks:AllowPrivateNetworks"] = "false",
    };

    [Fact]
    public async Task an_owner_adds_an_endpoint_reads_why_a_delivery_failed_and_retries_it_until_delivered()
    {
        await using var pos = await TestPos.StartAsync(NoRetries);
        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SetModeAsync(Hook, 500, body: HostileAnswer);
        using var integration = pos.Client(apiKey: await IntegrationKeyAsync(pos, await OwnersStoreAsync(pos)));
        await using var context = await DeskAsync();
        var webhooks = await WebhooksPage.OpenAsync(context, pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);
        await Expect(webhooks.Grid).ToContainTextAsync("No endpoints yet");
        var url = receiver.Url(Hook);

        var secret = await webhooks.AddEndpointAsync(url, ["session.created", "session.expired"], "Order system");

        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        await Expect(webhooks.SecretPanel).ToContainTextAsync("it is not shown again");
        await webhooks.CloseSecretAsync();
        await webhooks.AssertRowAsync(url, "session.created, session.expired", "Order system", "standard", "Active");
        Assert.DoesNotContain(secret, await webhooks.Page.ContentAsync(), StringComparison.Ordinal);
        await receiver.SetSecretAsync(Hook, secret);

        await integration.CreateSessionAsync();
        await webhooks.ShowDeliveriesAsync(url);

        await webhooks.AssertNewestDeliveryAsync("session.created", "Failed", "500");
        var delivery = webhooks.DeliveryRows.First;
        await Expect(delivery.GetByTestId("delivery-detail")).ToHaveTextAsync("HTTP 500");
        await Expect(webhooks.Row(url).GetByTestId("webhook-failing-since")).ToContainTextAsync("failing since");
        await webhooks.ShowAttemptsAsync(delivery);
        await Expect(webhooks.AttemptsLog.GetByTestId("attempt-status")).ToHaveTextAsync("500");
        await Expect(webhooks.AttemptsLog.GetByTestId("attempt-response")).ToHaveTextAsync(HostileAnswer);
        Assert.False(await webhooks.Page.EvaluateAsync<bool>("() => window.receiverRan === true"));

        await receiver.ClearModeAsync(Hook);
        await webhooks.RetryAsync(delivery);

        await Expect(webhooks.Notification("Sent again")).ToBeVisibleAsync();
        await webhooks.AssertNewestDeliveryAsync("session.created", "Delivered", "204");
        await Expect(webhooks.Row(url).GetByTestId("webhook-failing-since")).ToHaveCountAsync(0);
        var received = await receiver.WaitForAsync(Hook, r => r.Any(d => d.Status == 204), TimeSpan.FromSeconds(10));
        Assert.Equal([500, 204], received.Select(d => d.Status));
        Assert.All(received, d => Assert.True(d.Verified, d.Error)); // signed with the secret the page showed
        Assert.Single(received.Select(d => d.Id).Distinct()); // sent again under the same webhook-id
    }

    [Fact]
    public async Task retry_all_failed_since_sends_every_failed_delivery_again_and_the_filter_finds_them()
    {
        await using var pos = await TestPos.StartAsync(NoRetries);
        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SetModeAsync(Hook, 503);
        using var integration = pos.Client(apiKey: await IntegrationKeyAsync(pos, await OwnersStoreAsync(pos)));
        await using var context = await DeskAsync();
        var webhooks = await WebhooksPage.OpenAsync(context, pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);
        var url = receiver.Url(Hook);
        await receiver.SetSecretAsync(Hook, await webhooks.AddEndpointAsync(url, [], ""));
        await webhooks.CloseSecretAsync();
        await webhooks.AssertRowAsync(url, "all", "", "standard", "Active");

        await integration.CreateSessionAsync();
        await integration.CreateSessionAsync();
        await webhooks.ShowDeliveriesAsync(url);
        await Expect(webhooks.DeliveryRows).ToHaveCountAsync(2);
        await webhooks.AssertNewestDeliveryAsync("session.created", "Failed", "503");
        await webhooks.FilterDeliveriesAsync("Delivered");
        await Expect(webhooks.DeliveryRows).ToHaveCountAsync(0);
        await webhooks.FilterDeliveriesAsync("Failed");
        await Expect(webhooks.DeliveryRows).ToHaveCountAsync(2);
        await webhooks.FilterDeliveriesAsync("All");

        await receiver.ClearModeAsync(Hook);
        await webhooks.RetryFailedSinceAsync();

        await Expect(webhooks.Notification("2 deliveries")).ToBeVisibleAsync();
        await webhooks.AssertNewestDeliveryAsync("session.created", "Delivered", "204");
        await Expect(webhooks.DeliveryRows.Nth(1).GetByTestId("delivery-status")).ToHaveTextAsync("Delivered");
        await webhooks.FilterDeliveriesAsync("Failed");
        await Expect(webhooks.DeliveryRows).ToHaveCountAsync(0);
        Assert.Equal(2, (await receiver.ReceivedAsync(Hook)).Count(d => d.Status == 204 && d.Verified));
    }

    [Fact]
    public async Task a_disabled_endpoint_says_why_and_enable_turns_it_back_on()
    {
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?>(NoRetries) { ["Webhooks:DisableAfter"] = "00:01:00" });
        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SetModeAsync(Hook, 500);
        var store = await OwnersStoreAsync(pos);
        using var integration = pos.Client(apiKey: await IntegrationKeyAsync(pos, store));
        var url = receiver.Url(Hook);
        Assert.True((await pos.Get<CreateWebhookEndpoint>().ExecuteAsync(store, WebhookFormat.Standard, url, null, "Flaky receiver")).Ok);

        // Two failures a clock-minute apart: the endpoint has failed for as long as it may.
        await integration.CreateSessionAsync();
        await receiver.WaitForAsync(Hook, r => r.Count == 1, TimeSpan.FromSeconds(10));
        // The receiver has the request before the sender has stored the failure; the clock moves on only after that.
        await Eventually.Async(async () => Assert.NotNull((await pos.Get<WebhookReads>().EndpointsAsync(store))[0].FailingSince));
        pos.Time.Advance(TimeSpan.FromMinutes(2));
        await integration.CreateSessionAsync();
        await Eventually.Async(async () => Assert.False((await pos.Get<WebhookReads>().EndpointsAsync(store))[0].Active));

        await using var context = await DeskAsync();
        var webhooks = await WebhooksPage.OpenAsync(context, pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);
        var row = webhooks.Row(url);
        await Expect(row.GetByTestId("webhook-status")).ToHaveTextAsync("DISABLED");
        await Expect(row.GetByTestId("webhook-disabled-reason")).ToContainTextAsync("Every delivery failed since");

        await row.GetByTestId("webhook-enable").ClickAsync();

        await Expect(webhooks.Notification("Endpoint enabled")).ToBeVisibleAsync();
        await webhooks.AssertRowAsync(url, "all", "Flaky receiver", "standard", "Active");
        await Expect(row.GetByTestId("webhook-enable")).ToHaveCountAsync(0);
        await Expect(row.GetByTestId("webhook-failing-since")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_delivery_log_pages_back_and_forth_newest_first()
    {
        await using var pos = await TestPos.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var store = await OwnersStoreAsync(pos);
        using var integration = pos.Client(apiKey: await IntegrationKeyAsync(pos, store));
        await using var context = await DeskAsync();
        var webhooks = await WebhooksPage.OpenAsync(context, pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);
        var url = receiver.Url(Hook);
        await receiver.SetSecretAsync(Hook, await webhooks.AddEndpointAsync(url, ["session.created"], "Paged"));
        await webhooks.CloseSecretAsync();
        for (var i = 0; i < 23; i++)
        {
            await integration.CreateSessionAsync();
        }

        // The log pages what was queued, whatever became of it: a first attempt that fails on a busy machine is retried
        // only when the test's clock moves, so the receiver's answers are not what this test waits for.
        var endpointId = (await pos.Get<WebhookReads>().EndpointsAsync(store)).Single().Id;
        var queued = await pos.Get<WebhookReads>().DeliveriesAsync(store, endpointId, 100, null);
        Assert.True(queued!.Deliveries.Count == 23, $"Stored: {await StoredAsync(pos, store)}");
        await webhooks.ShowDeliveriesAsync(url);

        await Expect(webhooks.DeliveryRows).ToHaveCountAsync(20);
        var newest = await webhooks.DeliveryRows.First.GetAttributeAsync("data-delivery");
        await webhooks.NextDeliveriesPageAsync();
        await Expect(webhooks.DeliveryRows).ToHaveCountAsync(3);
        await webhooks.PreviousDeliveriesPageAsync();
        await Expect(webhooks.DeliveryRows).ToHaveCountAsync(20);
        await Expect(webhooks.DeliveryRows.First).ToHaveAttributeAsync("data-delivery", newest!);
    }

    [Fact]
    public async Task the_add_dialog_shows_under_the_url_why_an_address_is_refused()
    {
        await using var pos = await TestPos.StartAsync(ProductionAddressRules);
        await using var context = await DeskAsync();
        var webhooks = await WebhooksPage.OpenAsync(context, pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);

        await webhooks.SubmitEndpointAsync("http://hooks.example.com/in", [], "");
        await Expect(webhooks.FieldError("url")).ToContainTextAsync("must use https://");

        await webhooks.SubmitEndpointAsync("https://127.0.0.1:8443/in", [], "");
        await Expect(webhooks.FieldError("url")).ToContainTextAsync("loopback address");

        await webhooks.SubmitEndpointAsync("", [], "");
        await Expect(webhooks.FieldError("url")).ToHaveTextAsync("Enter the webhook URL.");

        await webhooks.CancelAddAsync();
        await Expect(webhooks.Grid).ToContainTextAsync("No endpoints yet");
    }

    [Fact]
    public async Task a_description_is_shown_as_text_a_secret_rotates_and_a_deleted_endpoint_leaves_the_list()
    {
        await using var pos = await TestPos.StartAsync();
        var (otherStore, _) = await pos.NewMerchantAsync("Someone Else's Shop");
        Assert.True((await pos.Get<CreateWebhookEndpoint>().ExecuteAsync(otherStore.Id, WebhookFormat.Standard, "http://127.0.0.1:9/other", null, "Not yours")).Ok);
        await using var context = await DeskAsync();
        var webhooks = await WebhooksPage.OpenAsync(context, pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);
        var alerts = 0;
        webhooks.Page.Dialog += (_, dialog) =>
        {
            alerts++;
            _ = dialog.DismissAsync();
        };
        const string script = "<script>alert(1)</script>";
        const string first = "http://127.0.0.1:9/first";
        const string second = "http://127.0.0.1:9/second";

        var firstSecret = await webhooks.AddEndpointAsync(first, [], script);
        await webhooks.CloseSecretAsync();
        await webhooks.AddEndpointAsync(second, ["voucher.redeemed"], "Kept");
        await webhooks.CloseSecretAsync();

        await webhooks.AssertRowAsync(first, "all", script, "standard", "Active");
        await Expect(webhooks.Grid.Locator("script")).ToHaveCountAsync(0);
        Assert.Equal(0, alerts);
        await Expect(webhooks.Row("http://127.0.0.1:9/other")).ToHaveCountAsync(0);
        await Expect(webhooks.Page.GetByTestId("nav-webhooks")).ToHaveClassAsync(new Regex("active"));

        var rotated = await webhooks.RotateSecretAsync(first);
        Assert.StartsWith(WebhookSignature.SecretPrefix, rotated, StringComparison.Ordinal);
        Assert.NotEqual(firstSecret, rotated);
        await webhooks.CloseSecretAsync();
        Assert.DoesNotContain(rotated, await webhooks.Page.ContentAsync(), StringComparison.Ordinal);

        await webhooks.DeleteAsync(first);

        await Expect(webhooks.Notification("Endpoint deleted")).ToBeVisibleAsync();
        await Expect(webhooks.Row(first)).ToHaveCountAsync(0);
        await webhooks.AssertRowAsync(second, "voucher.redeemed", "Kept", "standard", "Active");
        await webhooks.Page.ReloadAsync();
        await CashierPage.WaitInteractiveAsync(webhooks.Page);
        await Expect(webhooks.Row(first)).ToHaveCountAsync(0);
        await Expect(webhooks.Row(second)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task a_cashier_is_turned_away_from_the_webhooks_page()
    {
        await using var pos = await TestPos.StartAsync();
        var (store, _) = await pos.NewMerchantAsync("Cashier's Shop");
        await pos.AddUserAsync(store.Id, "till-cashier", TestPos.CashierPassword, StoreRole.Cashier);
        await using var context = await browser.TerminalAsync();

        var page = await WebhooksPage.SignInAsync(context, pos.BaseUrl, "till-cashier", TestPos.CashierPassword);

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("webhooks-page")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("nav-webhooks")).ToHaveCountAsync(0);
    }

    private Task<IBrowserContext> DeskAsync() => browser.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
    });

    /// <summary>The store's endpoints and their newest deliveries as stored, for a failure message.</summary>
    private static async Task<string> StoredAsync(TestPos pos, Guid store)
    {
        var reads = pos.Get<WebhookReads>();
        var lines = new List<string>();
        foreach (var endpoint in await reads.EndpointsAsync(store))
        {
            lines.Add($"endpoint {endpoint.Id} {endpoint.Url} events=[{string.Join(',', endpoint.Events)}] active={endpoint.Active}");
            var page = await reads.DeliveriesAsync(store, endpoint.Id, 5, null);
            lines.AddRange(page!.Deliveries.Select(d => $"  {d.Id} {d.Type} {d.Status} attempts={d.Attempts} last={d.LastStatusCode} {d.LastError} next={d.NextAttemptAt:HH:mm:ss.fff}"));
        }

        return lines.Count == 0 ? "no endpoints" : string.Join('\n', lines);
    }

    private static async Task<Guid> OwnersStoreAsync(TestPos pos)
    {
        await using var scope = pos.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByNameAsync(TestPos.OwnerEmail);
        return owner!.CurrentStoreId!.Value;
    }

    /// <summary>The owner's first store has no wallet yet: a sale needs one, and the integration its secret key.</summary>
    private static async Task<string> IntegrationKeyAsync(TestPos pos, Guid storeId)
    {
        Assert.True((await pos.Get<ReceivingWallets>().SetAsync(storeId, "polygon", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", ["USDC"])).Ok);
        var key = await pos.Get<CreateApiKey>().ExecuteAsync(storeId, ApiKeyKind.Secret, "Order system");
        Assert.True(key.Ok, key.Error?.Message);
        return key.Value.Key;
    }
}
