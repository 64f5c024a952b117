using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>Who is calling the voucher API, from a bearer token.</summary>
public sealed record VoucherPrincipal(AccessTokenKind Kind, Guid ContextId, Guid? MerchantId);

/// <summary>
/// Payer contexts and the bearer tokens of both parties. Tokens are random, stored hashed, short-lived and
/// scoped to one payer context: a payee token works only for sessions opened with that context's code.
/// </summary>
public sealed class VoucherAuth(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public static readonly TimeSpan PayeeTokenLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan PayerTokenLifetime = TimeSpan.FromHours(24);
    private const string ResourcePrefix = "voucher::context::code::";

    // Codes are read aloud and typed: no 0/O or 1/I.
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<(VoucherContext Context, string Token, DateTime ExpiresAt)> OpenContextAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using var _ = await writeGate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        string code;
        do
        {
            code = NewCode();
        }
        while (await db.VoucherContexts.AnyAsync(c => c.Code == code && c.Open, cancellationToken));

        var context = VoucherContext.OpenWith("ctx_" + NewId(), code, now);
        var (token, row) = NewToken(AccessTokenKind.Payer, context.Id, null, now + PayerTokenLifetime);
        db.VoucherContexts.Add(context);
        db.AccessTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return (context, token, row.ExpiresAt);
    }

    public async Task<Result<VoucherContext>> CloseContextAsync(VoucherPrincipal payer, string contextId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var context = await db.VoucherContexts.FirstOrDefaultAsync(c => c.PublicId == contextId && c.Id == payer.ContextId, cancellationToken);
            if (context is null || payer.Kind != AccessTokenKind.Payer)
            {
                return PayError.NotFound("Context");
            }

            if (context.Close(time.GetUtcNow().UtcDateTime) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
            return context;
        }
    }

    /// <summary>
    /// <c>POST /api/v1/auth/sign-in</c> with resource <c>voucher::context::code::CODE</c>: a payee (identified by its
    /// merchant key) gets a token for that payer's context.
    /// </summary>
    public async Task<Result<(string Token, DateTime ExpiresAt)>> SignInAsync(MerchantCaller merchant, string? type, string? resource, CancellationToken cancellationToken = default)
    {
        if (type != "resource" || resource is null || !resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        {
            return PayError.Validation("data.resource", $"Sign in with type \"resource\" and a resource of the form {ResourcePrefix}<CODE>.");
        }

        var code = resource[ResourcePrefix.Length..].Trim().ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var context = await db.VoucherContexts.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code && c.Open, cancellationToken);
        if (context is null)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.InvalidCode, "No open payer context has this code; ask the payer for the code their wallet shows.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var (token, row) = NewToken(AccessTokenKind.Payee, context.Id, merchant.MerchantId, now + PayeeTokenLifetime);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            db.AccessTokens.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }

        return (token, row.ExpiresAt);
    }

    /// <summary>Resolves a bearer token; null when unknown or expired.</summary>
    public async Task<VoucherPrincipal?> AuthenticateAsync(string? bearer, CancellationToken cancellationToken = default)
    {
        if (bearer is not { Length: > 10 and < 200 })
        {
            return null;
        }

        var hash = Merchants.ApiKey.HashOf(bearer);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.AccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        return row is null || row.ExpiresAt <= now ? null : new VoucherPrincipal(row.Kind, row.ContextId, row.MerchantId);
    }

    /// <summary>A payee principal for the cashier's own screen, which acts for its merchant without a bearer token.</summary>
    public async Task<Result<VoucherPrincipal>> PayeeForCodeAsync(Guid merchantId, string? code, CancellationToken cancellationToken = default)
    {
        var normalized = code?.Trim().ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var context = await db.VoucherContexts.AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized && c.Open, cancellationToken);
        return context is null
            ? new PayError(PayErrorKind.Invalid, ErrorCodes.InvalidCode, "No open payer context has this code.")
            : new VoucherPrincipal(AccessTokenKind.Payee, context.Id, merchantId);
    }

    private static (string Token, AccessToken Row) NewToken(AccessTokenKind kind, Guid contextId, Guid? merchantId, DateTime expiresAt)
    {
        var token = (kind == AccessTokenKind.Payer ? "pt_" : "st_") + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (token, new AccessToken { Hash = Merchants.ApiKey.HashOf(token), Kind = kind, ContextId = contextId, MerchantId = merchantId, ExpiresAt = expiresAt });
    }

    public static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, 6);

    public static string NewId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
}
