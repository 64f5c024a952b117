using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>Who may open what: a fresh install leads to /setup; each back-office page checks the role in the current store.</summary>
public sealed class RolesAndSetupTests
{
    private static readonly string[] OwnerPages = ["/admin/users", "/admin/store", "/admin/wallets", "/admin/keys", "/admin/installation"];

    [Fact]
    public async Task a_fresh_install_leads_every_page_to_setup_but_leaves_the_api_alone()
    {
        await using var pos = await TestPos.StartAsync(TestPos.FreshInstall, environment: "Production");
        using var client = SignedInClient.Anonymous(pos);

        foreach (var path in new[] { "/", "/pos", "/admin/users", "/login" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/setup", response.Headers.Location?.OriginalString);
        }

        using var setup = await client.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        Assert.Contains("data-testid=\"setup-email\"", await setup.Content.ReadAsStringAsync());
        using var api = await client.GetAsync($"/session/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task once_an_owner_exists_setup_is_gone()
    {
        await using var pos = await TestPos.StartAsync(environment: "Production");
        using var client = SignedInClient.Anonymous(pos);

        using var setup = await client.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.NotFound, setup.StatusCode);
        using var login = await client.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task owner_pages_send_visitors_to_sign_in_and_refuse_cashiers_and_managers()
    {
        await using var pos = await TestPos.StartAsync(environment: "Production");
        var (store, _) = await pos.NewMerchantAsync("Role Shop");
        await pos.AddUserAsync(store.Id, "till@role.shop", "front counter phrase", StoreRole.Cashier);
        await pos.AddUserAsync(store.Id, "boss@role.shop", "back office phrase", StoreRole.Manager);
        using var visitor = SignedInClient.Anonymous(pos);
        using var cashier = await SignedInClient.SignInAsync(pos, "till@role.shop", "front counter phrase");
        using var manager = await SignedInClient.SignInAsync(pos, "boss@role.shop", "back office phrase");
        using var owner = await SignedInClient.SignInAsync(pos, TestPos.OwnerEmail, TestPos.OwnerPassword);

        foreach (var path in OwnerPages)
        {
            using var anonymous = await visitor.GetAsync(path);
            Assert.True(anonymous.Headers.Location?.OriginalString.Contains("/login?returnUrl=", StringComparison.Ordinal) == true, $"{path}: {anonymous.StatusCode} {anonymous.Headers.Location}");
            foreach (var refused in new[] { cashier, manager })
            {
                using var response = await refused.GetAsync(path);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }
        }

        using var users = await owner.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        using var terminal = await cashier.GetAsync("/pos");
        Assert.Equal(HttpStatusCode.OK, terminal.StatusCode);
        using var denied = await cashier.GetAsync("/denied");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        await using var pos = await TestPos.StartAsync(environment: "Production");
        var (store, _) = await pos.NewMerchantAsync("Lock Shop");
        await pos.AddUserAsync(store.Id, "till@lock.shop", "front counter phrase", StoreRole.Cashier);
        using var client = SignedInClient.Anonymous(pos);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await SignedInClient.PostLoginAsync(client, "till@lock.shop", "not the phrase", "/pos");
            Assert.StartsWith("/login?error=", wrong.Headers.Location!.OriginalString);
        }

        using var right = await SignedInClient.PostLoginAsync(client, "till@lock.shop", "front counter phrase", "/pos");
        Assert.StartsWith("/login?error=locked", right.Headers.Location!.OriginalString);

        await using var scope = pos.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StoreUser>>().FindByNameAsync("till@lock.shop");
        Assert.InRange(user!.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task the_sign_in_form_is_rate_limited_per_address()
    {
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?> { ["Pos:SignInPermitsPerMinute"] = "3" }, environment: "Production");
        using var client = SignedInClient.Anonymous(pos);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var allowed = await SignedInClient.PostLoginAsync(client, "nobody@anywhere.test", "any old phrase", "/pos");
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }

        using var refused = await SignedInClient.PostLoginAsync(client, "nobody@anywhere.test", "any old phrase", "/pos");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task a_disabled_user_cannot_sign_in()
    {
        await using var pos = await TestPos.StartAsync(environment: "Production");
        var (store, _) = await pos.NewMerchantAsync("Gone Shop");
        await pos.AddUserAsync(store.Id, "gone@gone.shop", "front counter phrase", StoreRole.Cashier);
        await using (var scope = pos.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
            var member = (await directory.ListAsync(store.Id)).Single(m => m.UserName == "gone@gone.shop");
            Assert.Null(await directory.SetDisabledAsync(store.Id, member.UserId, true));
        }

        using var client = SignedInClient.Anonymous(pos);
        using var response = await SignedInClient.PostLoginAsync(client, "gone@gone.shop", "front counter phrase", "/pos");
        Assert.StartsWith("/login?error=1", response.Headers.Location!.OriginalString);
    }
}
