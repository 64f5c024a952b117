using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Pos.Tests.Support;

/// <summary>One running app shared by a test class; tests isolate themselves by creating their own merchants.</summary>
public sealed class PosFixture : IAsyncLifetime
{
    public TestPos Pos { get; private set; } = null!;

    public async Task InitializeAsync() => Pos = await TestPos.StartAsync();

    public async Task DisposeAsync() => await Pos.DisposeAsync();

    /// <summary>How many sessions and payments a merchant has in the database: proves that a refused request wrote nothing.</summary>
    public async Task<(int Sessions, int Payments)> RowsAsync(Guid merchantId)
    {
        await using var db = await Pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        return (await db.Sessions.CountAsync(s => s.MerchantId == merchantId), await db.Payments.CountAsync(p => p.MerchantId == merchantId));
    }
}
