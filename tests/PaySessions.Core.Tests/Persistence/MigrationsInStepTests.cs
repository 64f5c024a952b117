using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>
/// Start-up skips EF's model-against-snapshot comparison when the file has every migration, so it must hold here:
/// a model change without its migration fails this test instead of a shop's database going out of step.
/// </summary>
public sealed class MigrationsInStepTests
{
    [Fact]
    public void the_model_has_no_change_the_migrations_lack()
    {
        using var db = new PayDbContext(new DbContextOptionsBuilder<PayDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed since the last migration: add one with scripts/add-migration.sh <Name>.");
    }
}
