using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// <c>context-close</c>: the payer ends a context; its code no longer signs anyone in or reserves vouchers. Sessions
/// and vouchers already made with it carry on. <c>payeeId</c> (64 characters, or null) is recorded with the close.
/// </summary>
public sealed class ClosePayerContext(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public const int PayeeIdLength = 64;

    public async Task<Result<VoucherContext>> ExecuteAsync(VoucherPrincipal payer, string contextId, string? payeeId, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayer(payer, "Closing a context") is { } denied)
        {
            return denied;
        }

        if (payeeId is not null && payeeId.Length != PayeeIdLength)
        {
            return PayError.Validation("payeeId", $"payeeId is exactly {PayeeIdLength} characters, or null when no payee is involved.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var context = await VoucherScope.FindContextAsync(db, payer, contextId, cancellationToken);
            if (context is null)
            {
                return PayError.NotFound("Context");
            }

            if (context.Close(payeeId, time.GetUtcNow().UtcDateTime) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
            return context;
        }
    }
}
