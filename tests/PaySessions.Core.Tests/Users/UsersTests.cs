using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Users;

namespace PaySessions.Core.Tests.Users;

/// <summary>People and stores on ASP.NET Core Identity, on a real SQLite file.</summary>
public sealed class UsersTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _core.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task passwords_are_stored_hashed_and_weak_ones_are_refused()
    {
        var store = await _core.NewMerchantAsync();
        var added = await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().AddAsync(store.MerchantId, "alice@shop.test", "a long enough secret", StoreRole.Cashier));
        Assert.True(added.Ok);

        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var stored = await db.Users.SingleAsync(u => u.UserName == "alice@shop.test");
        Assert.DoesNotContain("a long enough secret", stored.PasswordHash!, StringComparison.Ordinal);
        Assert.True(await InScopeAsync(sp => sp.GetRequiredService<UserManager<StoreUser>>().CheckPasswordAsync(stored, "a long enough secret")));

        foreach (var weak in new[] { "short", "1234567890", "aaaaaaaaaaaa", "bobby-is-the-best" })
        {
            var refused = await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().AddAsync(store.MerchantId, "bobby", weak, StoreRole.Cashier));
            Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
        }

        Assert.False(await db.Users.AnyAsync(u => u.UserName == "bobby"));
    }

    [Fact]
    public async Task a_store_keeps_at_least_one_active_owner()
    {
        var store = await _core.NewMerchantAsync();
        var owner = (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().AddAsync(store.MerchantId, "owner@shop.test", "keys to the shop", StoreRole.Owner))).Value!;

        Assert.Equal("last_owner", (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().SetRoleAsync(store.MerchantId, owner.Id, StoreRole.Manager)))?.Code);
        Assert.Equal("last_owner", (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().SetDisabledAsync(store.MerchantId, owner.Id, true)))?.Code);
        Assert.Equal("last_owner", (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().RemoveAsync(store.MerchantId, owner.Id)))?.Code);

        var second = (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().AddAsync(store.MerchantId, "partner@shop.test", "second set of keys", StoreRole.Owner))).Value!;
        Assert.Null(await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().SetRoleAsync(store.MerchantId, owner.Id, StoreRole.Manager)));
        Assert.NotNull(second);
    }

    [Fact]
    public async Task another_stores_people_can_be_neither_seen_nor_changed()
    {
        var mine = await _core.NewMerchantAsync("Mine");
        var theirs = await _core.NewMerchantAsync("Theirs");
        var stranger = (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().AddAsync(theirs.MerchantId, "them@theirs.test", "their own phrase", StoreRole.Owner))).Value!;
        await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().AddAsync(theirs.MerchantId, "helper@theirs.test", "back room phrase", StoreRole.Cashier));

        Assert.Empty(await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().ListAsync(mine.MerchantId)));
        Assert.Equal(ErrorCodes.NotFound, (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().SetRoleAsync(mine.MerchantId, stranger.Id, StoreRole.Cashier)))?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().SetDisabledAsync(mine.MerchantId, stranger.Id, true)))?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().RemoveAsync(mine.MerchantId, stranger.Id)))?.Code);
        Assert.False(await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().SwitchStoreAsync(stranger.Id, mine.MerchantId)));
        Assert.Equal(2, (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().ListAsync(theirs.MerchantId))).Count);
    }

    [Fact]
    public async Task an_owner_opens_a_second_store_and_works_in_it()
    {
        var first = await _core.NewMerchantAsync("First");
        var owner = (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().AddAsync(first.MerchantId, "chain@stores.test", "many shops phrase", StoreRole.Owner))).Value!;

        var second = await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().OpenStoreAsync(owner.Id, "Second", "eur"));

        Assert.True(second.Ok);
        var stores = await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().StoresOfAsync(owner.Id));
        Assert.Equal(["First", "Second"], stores.Select(s => s.Name));
        var reloaded = await InScopeAsync(sp => sp.GetRequiredService<UserManager<StoreUser>>().FindByIdAsync(owner.Id.ToString()));
        Assert.Equal(second.Value.Id, reloaded!.CurrentStoreId);
        Assert.Equal(ErrorCodes.ValidationFailed, (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().OpenStoreAsync(owner.Id, "", "USD"))).Error?.Code);
    }

    [Fact]
    public async Task disabling_a_user_rotates_their_security_stamp_and_refuses_the_sign_in()
    {
        var store = await _core.NewMerchantAsync();
        var cashier = (await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().AddAsync(store.MerchantId, "till@shop.test", "front counter phrase", StoreRole.Cashier))).Value!;
        var before = cashier.SecurityStamp;

        Assert.Null(await InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().SetDisabledAsync(store.MerchantId, cashier.Id, true)));

        var after = await InScopeAsync(sp => sp.GetRequiredService<UserManager<StoreUser>>().FindByIdAsync(cashier.Id.ToString()));
        Assert.True(after!.Disabled);
        Assert.NotEqual(before, after.SecurityStamp);
        Assert.False(await InScopeAsync(sp => sp.GetRequiredService<IUserConfirmation<StoreUser>>().IsConfirmedAsync(sp.GetRequiredService<UserManager<StoreUser>>(), after)));
    }

    [Fact]
    public async Task first_run_setup_creates_one_owner_and_store_and_then_closes()
    {
        var setup = _core.Get<FirstRunSetup>();
        Assert.False(await setup.HasOwnerAsync());
        Assert.Equal(ErrorCodes.ValidationFailed, (await setup.CreateAsync("not-an-email", "a fine passphrase", "", "XYZ")).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, (await setup.CreateAsync("me@shop.test", "short", "My Shop", "EUR")).Error?.Code);
        await using (var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.Merchants.AnyAsync(m => m.Name == "My Shop"), "a refused setup leaves no store behind");
        }

        var created = await setup.CreateAsync("me@shop.test", "a fine passphrase", "My Shop", "eur");
        Assert.True(created.Ok);
        Assert.Equal(("My Shop", "EUR"), (created.Value.Store.Name, created.Value.Store.DefaultCurrency));
        Assert.True(await setup.HasOwnerAsync());
        Assert.Equal("setup_done", (await setup.CreateAsync("other@shop.test", "a fine passphrase", "Other", "USD")).Error?.Code);
    }

    [Fact]
    public async Task a_headless_install_creates_the_owner_from_settings_once()
    {
        await using var core = await CoreHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Setup:OwnerEmail"] = "boss@shop.test",
            ["Setup:OwnerPassword"] = "headless passphrase",
            ["Setup:StoreName"] = "Headless Shop",
        });
        Assert.True(await core.Get<FirstRunSetup>().HasOwnerAsync());
        await core.Services.PreparePaySessionsAsync(); // again: ignored, nothing duplicated
        await using var db = await core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Merchants.CountAsync(m => m.Name == "Headless Shop"));
        Assert.Equal(StoreRole.Owner, (await db.Memberships.SingleAsync()).Role);
    }

    [Fact]
    public async Task cashier_accounts_from_before_identity_keep_signing_in_after_the_upgrade()
    {
        var path = Path.Combine(Path.GetTempPath(), "paysessions-upgrade-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var options = new DbContextOptionsBuilder<PayDbContext>().UseSqlite($"Data Source={path}").Options;
            var merchantId = Guid.NewGuid();
            var userId = Guid.NewGuid();
            var hash = new PasswordHasher<StoreUser>().HashPassword(new StoreUser(), "old cashier secret");
            await using (var db = new PayDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("20261122032657_EventLog");
                await db.Database.ExecuteSqlInterpolatedAsync($@"INSERT INTO Merchants (Id, AccountId, Name, ExternalMid, DefaultCurrency, ExpirationMinutes, MonitoringMinutes, CreatedAt)
                    VALUES ({merchantId}, {Guid.NewGuid()}, 'Old Shop', '', 'USD', 15, 1440, '2026-01-01 00:00:00')");
                await db.Database.ExecuteSqlInterpolatedAsync($@"INSERT INTO PosUsers (Id, MerchantId, UserName, PasswordHash, Role, CreatedAt)
                    VALUES ({userId}, {merchantId}, 'till', {hash}, 'cashier', '2026-01-01 00:00:00')");
                await db.Database.MigrateAsync();
            }

            SqliteConnection.ClearAllPools();
            await using var upgraded = new PayDbContext(options);
            var user = await upgraded.Users.SingleAsync();
            Assert.Equal(("till", "TILL", userId), (user.UserName, user.NormalizedUserName, user.Id));
            Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<StoreUser>().VerifyHashedPassword(user, user.PasswordHash!, "old cashier secret"));
            var membership = await upgraded.Memberships.SingleAsync();
            Assert.Equal((merchantId, StoreRole.Cashier), (membership.MerchantId, membership.Role));
            Assert.False(string.IsNullOrEmpty(user.SecurityStamp));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
