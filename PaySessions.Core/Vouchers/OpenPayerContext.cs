using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>The payer's wallet starts: a context with a code to show the payee, and the wallet addresses the payer pays from.</summary>
public sealed record OpenContextRequest(string? Format = null, IReadOnlyList<PayerRequest?>? Payers = null);

public sealed record PayerRequest(string? Address = null);

/// <summary>A new context, and the token of a new payer (null when an existing payer opened another context).</summary>
public sealed record OpenedContext(VoucherContext Context, string? Token, DateTime? TokenExpiresAt);

/// <summary>
/// <c>context-open</c>: a payer opens a context. Payers have no accounts here: without a token this starts a new payer
/// and hands back its token; with a payer's token the new context belongs to the same payer. A malformed request
/// opens nothing.
/// </summary>
public sealed class OpenPayerContext(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public async Task<Result<OpenedContext>> ExecuteAsync(VoucherPrincipal? payer, OpenContextRequest request, CancellationToken cancellationToken = default)
    {
        if (payer is { Kind: not AccessTokenKind.Payer })
        {
            return new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, "A payee's token cannot open a payer context.");
        }

        var checkedRequest = Check(request);
        if (!checkedRequest.Ok)
        {
            return checkedRequest.Error;
        }

        var (format, payers) = checkedRequest.Value;
        return await OpenAsync(payer?.PayerId, format, payers, cancellationToken);
    }

    /// <summary>The wallet page's own start: any format, the browser wallet's account as the payer when there is one.</summary>
    public async Task<OpenedContext> OpenAsync(Guid? payerId, ContextFormat format, IReadOnlyList<string> payers, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using var _ = await writeGate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        string code;
        do
        {
            code = VoucherAuth.NewCode(format);
        }
        while (await db.VoucherContexts.AnyAsync(c => c.Code == code && c.Open, cancellationToken));

        var context = VoucherContext.OpenWith(VoucherAuth.NewContextId(), code, format, payers, payerId, now);
        db.VoucherContexts.Add(context);
        string? token = null;
        DateTime? expiresAt = null;
        if (payerId is null)
        {
            var (issued, row) = VoucherAuth.NewToken(AccessTokenKind.Payer, context.Id, null, now + VoucherAuth.PayerTokenLifetime);
            db.AccessTokens.Add(row);
            (token, expiresAt) = (issued, row.ExpiresAt);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new OpenedContext(context, token, expiresAt);
    }

    private static Result<(ContextFormat Format, IReadOnlyList<string> Payers)> Check(OpenContextRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        ContextFormat? format = request.Format switch
        {
            "numeric" => ContextFormat.Numeric,
            "alphanum" => ContextFormat.Alphanum,
            _ => null,
        };
        if (format is null)
        {
            errors["format"] = ["format is required: \"numeric\" or \"alphanum\" (the alphabet of the context code)."];
        }

        var payers = new List<string>();
        if (request.Payers is not { Count: >= 1 and <= VoucherContext.MaxPayers })
        {
            errors["payers"] = [$"payers is required: 1 to {VoucherContext.MaxPayers} entries, each {{ \"address\": \"0x…\" }}."];
        }
        else
        {
            for (var i = 0; i < request.Payers.Count; i++)
            {
                if (EvmAddress.TryParse(request.Payers[i]?.Address, out var address))
                {
                    payers.Add(address);
                }
                else
                {
                    errors[$"payers[{i}].address"] = ["address must be the payer's 0x-prefixed 20-byte wallet address."];
                }
            }
        }

        return errors.Count > 0 ? PayError.Validation(errors) : (format!.Value, payers.Distinct().ToList());
    }
}
