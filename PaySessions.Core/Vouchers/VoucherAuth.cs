using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// Who is calling the voucher API, from a bearer token. A payer reaches every context of <see cref="PayerId"/>; a payee
/// only what it did with the one context it signed in to, as the store <see cref="MerchantId"/> or, when it signed in
/// with the code alone, as an unverified payee.
/// </summary>
public sealed record VoucherPrincipal(AccessTokenKind Kind, Guid ContextId, Guid? MerchantId, Guid? PayerId = null)
{
    /// <summary>A payee whose store vouches for it (it signed in with the store's secret key).</summary>
    public bool VerifiedPayee => Kind == AccessTokenKind.Payee && MerchantId is { } id && id != UnverifiedPayees.MerchantId;
}

/// <summary>
/// The bearer tokens of both parties. Tokens are random, stored hashed and short-lived. A payer's token comes with
/// its first context (<see cref="OpenPayerContext"/>); a payee's token from signing in with a payer's context code.
/// </summary>
public sealed class VoucherAuth(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public static readonly TimeSpan PayeeTokenLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan PayerTokenLifetime = TimeSpan.FromHours(24);
    public const string ResourcePrefix = "voucher::context::code::";

    // Codes are read aloud and typed: no 0/O or 1/I.
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>
    /// <c>POST /api/v1/auth/sign-in</c> with resource <c>voucher::context::code::CODE</c>: a payee gets a token for that
    /// payer's context. With <paramref name="merchant"/> (its secret key) the payee is that store; without, it is an
    /// unverified payee, shown to the payer as such.
    /// </summary>
    public async Task<Result<(string Token, DateTime ExpiresAt)>> SignInAsync(MerchantCaller? merchant, string? type, string? resource, CancellationToken cancellationToken = default)
    {
        if (type is "mobile-device" or "email-password")
        {
            return PayError.Validation("type",
                "Payers need no account here: POST /api/v1/vouchers/contexts/context-open answers with the payer's token. Payees sign in with type \"resource\".");
        }

        if (type != "resource" || resource is not { Length: >= 4 and <= 128 } || !resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
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
        var (token, row) = NewToken(AccessTokenKind.Payee, context.Id, merchant?.MerchantId ?? UnverifiedPayees.MerchantId, now + PayeeTokenLifetime);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (merchant is null)
            {
                await UnverifiedPayees.EnsureAsync(db, now, cancellationToken);
            }

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
        if (row is null || row.ExpiresAt <= now)
        {
            return null;
        }

        var payerId = row.Kind == AccessTokenKind.Payer
            ? await db.VoucherContexts.Where(c => c.Id == row.ContextId).Select(c => (Guid?)c.PayerId).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new VoucherPrincipal(row.Kind, row.ContextId, row.MerchantId, payerId);
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

    internal static (string Token, AccessToken Row) NewToken(AccessTokenKind kind, Guid contextId, Guid? merchantId, DateTime expiresAt)
    {
        var token = (kind == AccessTokenKind.Payer ? "pt_" : "st_") + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (token, new AccessToken { Hash = Merchants.ApiKey.HashOf(token), Kind = kind, ContextId = contextId, MerchantId = merchantId, ExpiresAt = expiresAt });
    }

    public static string NewCode(ContextFormat format = ContextFormat.Alphanum) =>
        RandomNumberGenerator.GetString(format == ContextFormat.Numeric ? "0123456789" : CodeAlphabet, 6);

    public static string NewId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);

    /// <summary>A context id as the reference writes them: <c>ctx_</c> and 12 lowercase hex digits.</summary>
    public static string NewContextId() => "ctx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
