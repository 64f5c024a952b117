using System.Net;
using System.Text.RegularExpressions;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto count only from the proxies an operator named (Pos:TrustedProxies): then the
/// page is https for the app (Secure cookies, HSTS) and each client behind the proxy has its own rate limit; from
/// anyone else the headers change nothing, so a client can neither pose as https nor dodge a limit with a made-up address.
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed partial class TrustedProxyTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("10.9.8.7", false)]
    [InlineData("127.0.0.1", true)]
    public async Task forwarded_headers_count_only_from_a_named_proxy(string? proxy, bool believed)
    {
        var check = new SecurityCheck();
        var settings = new Dictionary<string, string?> { ["Pos:PagePermitsPerMinute"] = "2" };
        if (proxy is not null)
        {
            settings["Pos:TrustedProxies:0"] = proxy;
        }

        await using var pos = await TestPos.StartAsync(settings);
        using var client = SignedInClient.Anonymous(pos);

        using var page = await GetLoginAsync(client, "203.0.113.1");
        check.That(page.StatusCode == HttpStatusCode.OK, $"the sign-in page answered {(int)page.StatusCode}");
        check.That(page.Headers.Contains("Strict-Transport-Security") == believed,
            believed ? "no HSTS on a page the trusted proxy served over https" : "HSTS sent because a client claimed https");
        var cookies = page.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        check.That(cookies.Count > 0, "the sign-in page set no antiforgery cookie");
        foreach (var cookie in cookies)
        {
            check.That(cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase), $"cookie without HttpOnly: {cookie}");
            check.That(cookie.Contains("samesite=", StringComparison.OrdinalIgnoreCase), $"cookie without SameSite: {cookie}");
            check.That(Secure().IsMatch(cookie) == believed, believed ? $"cookie not Secure behind https: {cookie}" : $"cookie Secure on plain http because a client said so: {cookie}");
        }

        // The same address runs out of page permits; another address behind the trusted proxy has its own.
        using (await GetLoginAsync(client, "203.0.113.1"))
        {
        }

        using var sameAddress = await GetLoginAsync(client, "203.0.113.1");
        using var otherAddress = await GetLoginAsync(client, "203.0.113.2");
        check.That(sameAddress.StatusCode == HttpStatusCode.TooManyRequests, $"a third page within the minute answered {(int)sameAddress.StatusCode}");
        check.That((otherAddress.StatusCode == HttpStatusCode.OK) == believed,
            believed ? $"a second client behind the proxy shared the first one's limit ({(int)otherAddress.StatusCode})" : "a made-up X-Forwarded-For got past the rate limit");
        check.Report();
    }

    private static async Task<HttpResponseMessage> GetLoginAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }

    [GeneratedRegex(@";\s*secure\s*(;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Secure();
}
