using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Users;

namespace PaySessions.Core.Tests.Users;

/// <summary>Two-factor secrets an older version kept in clear text are sealed (key) and hashed (codes) at start, and keep working.</summary>
public sealed class SecretsAtRestTests
{
    [Fact]
    public async Task an_authenticator_key_and_recovery_codes_kept_in_clear_text_are_sealed_at_start_and_still_work()
    {
        await using var core = await CoreHarness.StartAsync();
        var store = await core.NewMerchantAsync();
        StoreUser user;
        string key;
        await using (var scope = core.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync(store.MerchantId, "old@shop.test", "a long enough secret", StoreRole.Manager)).Ok);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            user = (await users.FindByNameAsync("old@shop.test"))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }

        // As an older version left them: the key and two codes in clear text.
        await using (var db = await core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "AspNetUserTokens" SET "Value" = {key} WHERE "UserId" = {user.Id} AND "Name" = 'AuthenticatorKey'""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES ({user.Id}, '[AspNetUserStore]', 'RecoveryCodes', 'AAAA-1111;BBBB-2222')""");
        }

        await core.Services.PreparePaySessionsAsync();

        await using (var db = await core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync())
        {
            var tokens = await db.Set<IdentityUserToken<Guid>>().AsNoTracking().Where(t => t.UserId == user.Id).ToDictionaryAsync(t => t.Name, t => t.Value!);
            Assert.True(SealedSecrets.IsSealed(tokens["AuthenticatorKey"]));
            Assert.DoesNotContain(key, tokens["AuthenticatorKey"], StringComparison.Ordinal);
            Assert.DoesNotContain("AAAA-1111", tokens["RecoveryCodes"], StringComparison.Ordinal);
        }

        await using (var scope = core.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            var again = (await users.FindByIdAsync(user.Id.ToString()))!;
            Assert.Equal(key, await users.GetAuthenticatorKeyAsync(again));
            Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(again, "BBBB-2222")).Succeeded);
            Assert.Equal(1, await users.CountRecoveryCodesAsync(again));
        }
    }
}
