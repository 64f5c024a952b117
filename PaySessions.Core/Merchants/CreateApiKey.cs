using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>A key just created. <see cref="Key"/> is the only copy in clear text: show it once, never store or log it.</summary>
public sealed record IssuedApiKey(ApiKeyView View, string Key);

/// <summary>An owner (or the store's integration, with its secret key) adds a labelled key. Only its hash and prefix are stored.</summary>
public sealed partial class CreateApiKey(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time, ILogger<CreateApiKey> logger)
{
    public const int MaxLabelLength = 100;

    /// <summary>Active keys a store may hold at once; plenty for every till and integration, and a stop for a runaway script.</summary>
    public const int MaxActiveKeys = 50;

    /// <summary>Why a label is refused (1–100 characters, no control characters once trimmed), or null when it is fine.</summary>
    public static string? CheckLabel(string? label) =>
        label?.Trim() is not { Length: > 0 } trimmed ? "Give the key a name, e.g. \"Web shop\"."
        : trimmed.Length > MaxLabelLength ? $"The name is at most {MaxLabelLength} characters."
        : trimmed.Any(char.IsControl) ? "The name must not contain control characters."
        : null;

    public async Task<Result<IssuedApiKey>> ExecuteAsync(Guid merchantId, ApiKeyKind kind, string? label, CancellationToken cancellationToken = default)
    {
        if (CheckLabel(label) is { } refused)
        {
            return PayError.Validation("name", refused);
        }

        if (!Enum.IsDefined(kind))
        {
            return PayError.Validation("keyType", "Choose a secret or a publishable key.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (await db.ApiKeys.CountAsync(k => k.MerchantId == merchantId && k.RevokedAt == null, cancellationToken) >= MaxActiveKeys)
            {
                return PayError.Conflict(ErrorCodes.TooManyKeys, $"A store holds at most {MaxActiveKeys} active keys; revoke one you no longer use first.");
            }

            var key = ApiKey.NewKey(kind);
            var row = ApiKey.Issue(merchantId, kind, key, label!.Trim(), time.GetUtcNow().UtcDateTime);
            db.ApiKeys.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            LogCreated(logger, row.Kind, row.Prefix, row.Id, merchantId);
            return new IssuedApiKey(ApiKeyView.Of(row), key);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} API key {Prefix}… ({KeyId}) created for merchant {MerchantId}")]
    private static partial void LogCreated(ILogger logger, ApiKeyKind kind, string prefix, Guid keyId, Guid merchantId);
}
