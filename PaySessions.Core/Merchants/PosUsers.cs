using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>Creates point-of-sale users and checks their passwords (ASP.NET Core's PBKDF2 password hasher).</summary>
public sealed class PosUsers(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<PosUser> Hasher = new();

    // Checked when the user does not exist, so a wrong name takes as long as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(new PosUser { UserName = "", PasswordHash = "" }, "decoy-password-for-timing");

    public async Task<PosUser> CreateAsync(Guid merchantId, string userName, string password, string role = PosRoles.Cashier, CancellationToken cancellationToken = default)
    {
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"Passwords have at least {MinPasswordLength} characters.", nameof(password));
        }

        var user = new PosUser
        {
            MerchantId = merchantId,
            UserName = userName.Trim().ToLowerInvariant(),
            PasswordHash = "",
            Role = role,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            db.PosUsers.Add(user);
            await db.SaveChangesAsync(cancellationToken);
        }

        return user;
    }

    public async Task<bool> ExistsAsync(string userName, CancellationToken cancellationToken = default)
    {
        var name = userName.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PosUsers.AnyAsync(u => u.UserName == name, cancellationToken);
    }

    /// <summary>The user whose name and password these are, or null.</summary>
    public async Task<PosUser?> VerifyAsync(string? userName, string? password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 100 || password.Length > 200)
        {
            return null;
        }

        var name = userName.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.PosUsers.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == name, cancellationToken);
        var result = Hasher.VerifyHashedPassword(user ?? new PosUser { UserName = "", PasswordHash = "" }, user?.PasswordHash ?? DecoyHash, password);
        return user is not null && result != PasswordVerificationResult.Failed ? user : null;
    }
}
