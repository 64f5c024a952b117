using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>Two-factor sign-in against the real Identity stores: the code an authenticator app computes from the shared key.</summary>
public sealed partial class TwoFactorTests
{
    [Fact]
    public async Task with_two_factor_on_the_password_alone_is_not_enough_and_the_current_code_lets_the_owner_in()
    {
        await using var pos = await TestPos.StartAsync(environment: "Production");
        string key;
        await using (var scope = pos.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            var owner = (await users.FindByNameAsync(TestPos.OwnerEmail))!;
            await users.ResetAuthenticatorKeyAsync(owner);
            key = (await users.GetAuthenticatorKeyAsync(owner))!;
            await users.SetTwoFactorEnabledAsync(owner, true);
        }

        using var client = SignedInClient.Anonymous(pos);
        using var password = await SignedInClient.PostLoginAsync(client, TestPos.OwnerEmail, TestPos.OwnerPassword, "/admin/users");
        Assert.StartsWith("/login/2fa?returnUrl=", password.Headers.Location!.OriginalString);
        using var notYet = await client.GetAsync("/admin/users");
        Assert.Contains("/login", notYet.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var wrong = await PostCodeAsync(client, "000000");
        Assert.StartsWith("/login/2fa?error=1", wrong.Headers.Location!.OriginalString);
        using var right = await PostCodeAsync(client, Totp.Code(key, DateTimeOffset.UtcNow));
        Assert.Equal("/admin/users", right.Headers.Location!.OriginalString);
        using var page = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task a_store_that_requires_two_factor_sends_its_owner_to_set_it_up_first()
    {
        await using var pos = await TestPos.StartAsync(environment: "Production");
        await using (var scope = pos.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
            var owner = await scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByNameAsync(TestPos.OwnerEmail);
            await directory.SetTwoFactorRequiredAsync(owner!.CurrentStoreId!.Value, required: true);
        }

        using var client = await SignedInClient.SignInAsync(pos, TestPos.OwnerEmail, TestPos.OwnerPassword);
        using var terminal = await client.GetAsync("/admin/users");
        Assert.Equal("/account/2fa?required=true", terminal.Headers.Location!.OriginalString);
        using var setup = await client.GetAsync("/account/2fa?required=true");
        var html = await setup.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"two-factor-required\"", html, StringComparison.Ordinal);
        Assert.Matches("otpauth://totp/PaySessions", html);
    }

    private static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string code)
    {
        var form = await client.GetStringAsync("/login/2fa?returnUrl=%2Fadmin%2Fusers");
        return await client.PostAsync("/account/login-2fa", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken().Match(form).Groups[1].Value,
            ["code"] = code,
            ["returnUrl"] = "/admin/users",
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
