using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>A disabled user, or one whose password changed elsewhere, is signed out at the next check (every 30 s of the app's clock).</summary>
public sealed class SessionEndTests : IAsyncLifetime
{
    private TestPos _pos = null!;
    private Guid _store;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(environment: "Production");
        _store = (await _pos.NewMerchantAsync("Open Shop")).Merchant.Id;
        await _pos.AddUserAsync(_store, "till@open.shop", "front counter phrase", StoreRole.Cashier);
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task disabling_a_signed_in_cashier_ends_their_session_within_thirty_seconds()
    {
        using var cashier = await SignedInClient.SignInAsync(_pos, "till@open.shop", "front counter phrase");
        Assert.Equal(HttpStatusCode.OK, (await cashier.GetAsync("/pos")).StatusCode);

        await using (var scope = _pos.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
            var member = (await directory.ListAsync(_store)).Single(m => m.UserName == "till@open.shop");
            Assert.Null(await directory.SetDisabledAsync(_store, member.UserId, disabled: true));
        }

        _pos.Time.Advance(TimeSpan.FromSeconds(31));
        using var after = await cashier.GetAsync("/pos");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_password_changed_elsewhere_ends_the_other_sessions()
    {
        using var counter = await SignedInClient.SignInAsync(_pos, "till@open.shop", "front counter phrase");
        await using (var scope = _pos.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            var user = (await users.FindByNameAsync("till@open.shop"))!;
            Assert.True((await users.ChangePasswordAsync(user, "front counter phrase", "a brand new phrase")).Succeeded);
        }

        _pos.Time.Advance(TimeSpan.FromSeconds(31));
        using var after = await counter.GetAsync("/pos");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        using var again = await SignedInClient.SignInAsync(_pos, "till@open.shop", "a brand new phrase");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/pos")).StatusCode);
    }
}
