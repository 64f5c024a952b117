using System.Net;
using System.Text.RegularExpressions;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>The cashier screens need a signed-in cashier; the sign-in form is protected and sends nobody off-site.</summary>
public sealed partial class AccountTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartTerminalAsync("Locked Shop", "0x2546bcd3c84621e976d8185a91a922ae77ecec30", devChain: false);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Theory]
    [InlineData("/pos")]
    [InlineData("/pos/vouchers")]
    public async Task cashier_screens_send_a_visitor_to_sign_in(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_pos.BaseUrl) };

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString.Replace(_pos.BaseUrl, ""));
    }

    [Fact]
    public async Task a_wrong_password_is_refused_and_a_right_one_opens_the_terminal_but_never_another_site()
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = new Uri(_pos.BaseUrl) };

        using var wrong = await PostLoginAsync(client, "cashier", "not the password", "/pos");
        Assert.StartsWith("/login?error=1", wrong.Headers.Location!.OriginalString);

        using var right = await PostLoginAsync(client, "CASHIER", TestPos.CashierPassword, "//evil.example/steal");
        Assert.Equal("/pos", right.Headers.Location!.OriginalString);

        using var terminal = await client.GetAsync("/pos");
        Assert.Equal(HttpStatusCode.OK, terminal.StatusCode);
        Assert.Contains("data-testid=\"amount-display\"", await terminal.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_sign_in_post_without_the_form_token_is_refused()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_pos.BaseUrl) };

        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "cashier",
            ["password"] = TestPos.CashierPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password, string returnUrl)
    {
        var form = await client.GetStringAsync("/login");
        var token = FormToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = user,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
