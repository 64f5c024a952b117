using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PaySessions.Core.Persistence;

namespace PaySessions.Design;

/// <summary>Used only by `dotnet ef migrations add`; the app itself configures the context in AddPaySessionsCore.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PayDbContext>
{
    public PayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PayDbContext>().UseSqlite("Data Source=design-time.db").Options);

    public static void Main()
    {
    }
}
