using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using PaySessions.Core.Users;
using PaySessions.Pos.Hosting;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// Who may open what: every page the Blazor route table guards and every API route, asked by a visitor and by a
/// cashier; every form posted without its antiforgery token; the sign-in cookie's flags; headers on every response.
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class AccessChecksTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync();
        var (store, _) = await _pos.NewMerchantAsync("Guarded Shop");
        await _pos.AddUserAsync(store.Id, "cashier", TestPos.CashierPassword, StoreRole.Cashier);
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    /// <summary>Every routable page with an [Authorize] attribute, its route (ids filled) and the policy it names.</summary>
    private static IEnumerable<(string Route, string? Policy)> GuardedPages() =>
        typeof(PosHosting).Assembly.GetTypes()
            .Where(type => typeof(IComponent).IsAssignableFrom(type))
            .SelectMany(type => type.GetCustomAttributes<RouteAttribute>().Select(route => (type, route.Template)))
            .Select(page => (Route: page.Template.Replace("{Id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal),
                Guard: page.type.GetCustomAttribute<AuthorizeAttribute>()))
            .Where(page => page.Guard is not null)
            .Select(page => (page.Route, page.Guard!.Policy));

    [Fact]
    public async Task guarded_pages_send_visitors_to_sign_in_and_cashiers_away_from_the_back_office()
    {
        var check = new SecurityCheck();
        var pages = GuardedPages().ToList();
        Assert.Contains(pages, page => page.Route == "/admin/keys");
        using var visitor = SignedInClient.Anonymous(_pos);
        using var cashier = await SignedInClient.SignInAsync(_pos, "cashier", TestPos.CashierPassword);
        foreach (var (route, policy) in pages)
        {
            using var anonymous = await visitor.GetAsync(route);
            check.That(anonymous.StatusCode == HttpStatusCode.Redirect && anonymous.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal),
                $"a visitor at {route} answered {(int)anonymous.StatusCode} {anonymous.Headers.Location}");
            if (policy is StorePolicies.Manager or StorePolicies.Owner or StorePolicies.InstallationOwner)
            {
                using var wrongRole = await cashier.GetAsync(route);
                check.That(wrongRole.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden
                    && !(wrongRole.Headers.Location?.OriginalString.Contains(route, StringComparison.Ordinal) == false && wrongRole.StatusCode == HttpStatusCode.OK),
                    $"a cashier at {route} answered {(int)wrongRole.StatusCode}");
                check.That(wrongRole.Headers.Location?.OriginalString.Contains("/denied", StringComparison.Ordinal) ?? wrongRole.StatusCode == HttpStatusCode.Forbidden,
                    $"a cashier at {route} was not refused ({(int)wrongRole.StatusCode} {wrongRole.Headers.Location})");
            }
        }

        check.Report();
    }

    [Fact]
    public async Task management_api_routes_refuse_calls_without_a_key()
    {
        var check = new SecurityCheck();
        var (store, _) = await _pos.NewMerchantAsync("Keyless Shop");
        using var visitor = SignedInClient.Anonymous(_pos);
        // Public by design: the rates and currencies anyone may read, and the payer opening a wallet context.
        string[] open = ["/api/v1/finance/", "/api/v1/vouchers/contexts/context-open", "/api/v1/vouchers/contexts/sign-in", "/api/v1/auth/sign-in"];
        foreach (var (method, pattern, _) in HostileCorpus.ApiRoutes(_pos.Services).Where(route => !open.Any(route.Pattern.StartsWith)))
        {
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", match =>
                match.Value.Contains("account", StringComparison.OrdinalIgnoreCase) ? store.AccountId.ToString() : Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            using var response = await visitor.SendAsync(request);
            check.That(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                $"{method} {path} without a key answered {(int)response.StatusCode}");
        }

        check.Report();
    }

    [Fact]
    public async Task every_form_posted_without_its_antiforgery_token_is_a_400()
    {
        var check = new SecurityCheck();
        using var visitor = SignedInClient.Anonymous(_pos);
        using var owner = await SignedInClient.SignInAsync(_pos, TestPos.OwnerEmail, TestPos.OwnerPassword);
        var forms = new (HttpClient Client, string Path, string Fields)[]
        {
            (visitor, "/account/login", "userName=cashier&password=x"),
            (visitor, "/account/login-2fa", "code=123456"),
            (owner, "/account/logout", ""),
            (owner, "/account/switch-store", "storeId=" + Guid.NewGuid()),
            (owner, "/account", "_handler=password&Input.Current=x&Input.New=y"),
            (owner, "/admin/stores", "_handler=new-store&Input.Name=x"),
            (owner, "/account/2fa", "_handler=verify&Verify.Code=123456"),
        };
        foreach (var (client, path, fields) in forms)
        {
            using var response = await client.PostAsync(path, new StringContent(fields, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
            check.That(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token answered {(int)response.StatusCode}");
        }

        // The owner is still signed in: the logout without a token did nothing.
        using var stillIn = await owner.GetAsync("/admin/keys");
        check.That(stillIn.StatusCode == HttpStatusCode.OK, $"after a forged logout /admin/keys answered {(int)stillIn.StatusCode}");
        check.Report();
    }

    [Fact]
    public async Task the_sign_in_cookie_is_http_only_and_same_site_and_every_response_carries_the_headers()
    {
        var check = new SecurityCheck();
        using var client = SignedInClient.Anonymous(_pos);
        using var signIn = await SignedInClient.PostLoginAsync(client, "cashier", TestPos.CashierPassword, "/pos");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("paysessions.pos=", StringComparison.Ordinal)).ToLowerInvariant();
        check.That(cookie.Contains("httponly", StringComparison.Ordinal), "sign-in cookie without HttpOnly: " + cookie);
        check.That(cookie.Contains("samesite=lax", StringComparison.Ordinal) || cookie.Contains("samesite=strict", StringComparison.Ordinal), "sign-in cookie without SameSite: " + cookie);

        string[] paths = ["/login", "/pos", "/admin/keys", $"/pay/{Guid.NewGuid()}", $"/receipt/{Guid.NewGuid()}", "/wallet", "/css/app.css", "/no-such-page",
            $"/session/{Guid.NewGuid()}", "/api/v1/finance/currencies", "/webhooks", "/hubs/events/negotiate", "/swagger/v1/swagger.json"];
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            var policy = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? string.Join(" ", values) : "";
            var customerPage = path.StartsWith("/pay/", StringComparison.Ordinal) || path.StartsWith("/receipt/", StringComparison.Ordinal) || path == "/wallet";
            check.That(policy.Contains("script-src 'self';", StringComparison.Ordinal) && policy.Contains("default-src 'self'", StringComparison.Ordinal), $"{path}: CSP '{policy}'");
            check.That(policy.EndsWith(customerPage ? "frame-ancestors 'self'" : "frame-ancestors 'none'", StringComparison.Ordinal), $"{path}: frame-ancestors in '{policy}'");
            check.That(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{path}: no nosniff");
            check.That(response.Headers.Contains("Referrer-Policy"), $"{path}: no Referrer-Policy");
            check.That(!response.Headers.Contains("Strict-Transport-Security"), $"{path}: HSTS over plain http");
        }

        check.Report();
    }
}
