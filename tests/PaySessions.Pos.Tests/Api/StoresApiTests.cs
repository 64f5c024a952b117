using System.Net;
using System.Text.RegularExpressions;
using PaySessions.Core.Merchants;
using PaySessions.Core.Users;
using PaySessions.Pos.Api;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>The store logo as customers' browsers fetch it, and who may open the store's back-office pages.</summary>
public sealed partial class StoresApiTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private TestPos Pos => fixture.Pos;

    [Fact]
    public async Task a_logo_is_served_with_its_type_a_tag_and_a_cache_lifetime_and_not_sniffed()
    {
        var (store, _) = await Pos.NewMerchantAsync("Logo Shop");
        Assert.True((await Pos.Get<StoreLogos>().SetAsync(store.Id, new MemoryStream(Png), Png.Length)).Ok);
        using var client = Pos.Client();

        using var response = await client.GetAsync($"/stores/{store.Id}/logo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(StoresApi.LogoSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 300 }, response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/stores/{store.Id}/logo");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        using var revalidated = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task an_svg_logo_is_served_so_that_no_script_in_it_can_run()
    {
        var (store, _) = await Pos.NewMerchantAsync("Svg Shop");
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>"u8.ToArray();
        Assert.True((await Pos.Get<StoreLogos>().SetAsync(store.Id, new MemoryStream(svg), svg.Length)).Ok);

        using var response = await Pos.Client().GetAsync($"/stores/{store.Id}/logo");

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_store_without_a_logo_or_an_unknown_store_answers_404()
    {
        var (store, _) = await Pos.NewMerchantAsync("Plain Shop");
        using var client = Pos.Client();

        using var none = await client.GetAsync($"/stores/{store.Id}/logo");
        using var unknown = await client.GetAsync($"/stores/{Guid.NewGuid()}/logo");
        await Pos.Get<StoreLogos>().SetAsync(store.Id, new MemoryStream(Png), Png.Length);
        await Pos.Get<StoreLogos>().RemoveAsync(store.Id);
        using var removed = await client.GetAsync($"/stores/{store.Id}/logo");

        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
    }

    [Theory]
    [InlineData("/admin/store")]
    [InlineData("/admin/wallets")]
    public async Task store_pages_send_a_visitor_to_sign_in_and_keep_a_cashier_out(string path)
    {
        using var visitor = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Pos.BaseUrl) };
        using var anonymous = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("login?returnUrl=" + Uri.EscapeDataString(path), anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var (store, _) = await Pos.NewMerchantAsync("Cashier Shop " + Guid.NewGuid().ToString("N")[..6]);
        var cashier = "cashier-" + Guid.NewGuid().ToString("N")[..8];
        await Pos.AddUserAsync(store.Id, cashier, TestPos.CashierPassword, StoreRole.Cashier);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Pos.BaseUrl) };
        await SignInAsync(client, cashier, TestPos.CashierPassword);

        using var page = await client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("wallet-address-polygon", html, StringComparison.Ordinal);
        Assert.DoesNotContain("store-form", html, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task SignInAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync("/login");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken().Match(form).Groups[1].Value,
            ["userName"] = user,
            ["password"] = password,
            ["returnUrl"] = "/pos",
        });
        using var signedIn = await client.PostAsync("/account/login", content);
        Assert.Equal("/pos", signedIn.Headers.Location?.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
