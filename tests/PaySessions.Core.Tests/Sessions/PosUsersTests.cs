using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Sessions;

public sealed class PosUsersTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task passwords_are_stored_hashed_and_checked_case_insensitively_by_name()
    {
        var merchant = await _core.NewMerchantAsync();
        var users = _core.Get<PosUsers>();
        await users.CreateAsync(merchant.MerchantId, "Alice", "a long enough secret");

        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var stored = await db.PosUsers.SingleAsync(u => u.UserName == "alice");
        Assert.DoesNotContain("a long enough secret", stored.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(merchant.MerchantId, (await users.VerifyAsync("ALICE", "a long enough secret"))?.MerchantId);
        Assert.Null(await users.VerifyAsync("alice", "a long enough secreT"));
        Assert.Null(await users.VerifyAsync("bob", "a long enough secret"));
        await Assert.ThrowsAsync<ArgumentException>(() => users.CreateAsync(merchant.MerchantId, "carol", "short"));
    }
}
