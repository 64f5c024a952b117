using System.Net;
using System.Text.RegularExpressions;

namespace PaySessions.Pos.Tests.Support;

/// <summary>An HTTP client that signs in through the real sign-in form (antiforgery token and all) and keeps the cookie.</summary>
public static partial class SignedInClient
{
    public static HttpClient Anonymous(TestPos pos, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = new Uri(pos.BaseUrl) };

    public static async Task<HttpClient> SignInAsync(TestPos pos, string userName, string password)
    {
        var client = Anonymous(pos);
        using var response = await PostLoginAsync(client, userName, password, "/pos");
        Assert.Equal("/pos", response.Headers.Location?.OriginalString);
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password, string returnUrl)
    {
        var form = await client.GetStringAsync("/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken().Match(form).Groups[1].Value,
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
