using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Sessions;

/// <summary>
/// The body of <c>POST /transaction</c> as the checkout vendor's browser SDK sends it: a session's fields and the
/// customer's pick in one. Everything is optional here and checked by <see cref="SessionRules"/>.
/// </summary>
public sealed record CreateTransactionRequest(
    string? Descriptor = null,
    string? ReferenceNumber = null,
    decimal? Amount = null,
    string? AmountCurrency = null,
    decimal? FxRate = null,
    string? Asset = null,
    string? Network = null)
{
    public CreateSessionRequest AsSessionRequest() => new(Descriptor, ReferenceNumber, Amount, AmountCurrency, FxRate);
}

/// <summary>
/// A sale and its transaction in one call, as a hosted checkout that already knows the customer's choice makes it:
/// the session is opened and the asset picked in one write, so a refused pick leaves no session behind.
/// </summary>
public sealed class CreateTransaction(
    IDbContextFactory<PayDbContext> dbFactory,
    GroupCommit groupCommit,
    TimeProvider time,
    Pricing pricing,
    PaymentOpening opening,
    HotRows hot,
    IOptions<SessionOptions> options)
{
    public async Task<Result<SessionPayment>> ExecuteAsync(MerchantCaller caller, CreateTransactionRequest request, CancellationToken cancellationToken = default)
    {
        if (Check(request, caller.KeyKind) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var merchant = await hot.StoreAsync(db, caller.MerchantId, cancellationToken);
        if (merchant is null)
        {
            return new PayError(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, "The API key's merchant no longer exists.");
        }

        var sale = request.AsSessionRequest();
        if (pricing.Quotes(merchant, sale.AmountCurrency!, sale.Amount!.Value, sale.FxRate).Count == 0)
        {
            return SessionRules.Unpriceable(sale.AmountCurrency!);
        }

        return await groupCommit.RunAsync<Result<SessionPayment>>(async (writer, ct) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var session = PaySession.OpenCheckout(merchant, sale, now);
            writer.Sessions.Add(session);
            var opened = await opening.OpenAsync(writer, session, merchant, request.Asset!, request.Network!, now, ct);
            if (!opened.Ok)
            {
                return opened.Error;
            }

            await writer.SaveChangesAsync(ct);
            return new SessionPayment(session, opened.Value);
        }, cancellationToken);
    }

    /// <summary>The session's rules and the pick's, every field error in one answer; a forbidden fxRate first, as for sessions.</summary>
    private PayError? Check(CreateTransactionRequest request, ApiKeyKind keyKind)
    {
        var refused = SessionRules.Check(request.AsSessionRequest(), keyKind, options.Value);
        if (refused is { Kind: PayErrorKind.Forbidden })
        {
            return refused;
        }

        var fields = SessionRules.CheckPick(request.Asset, request.Network);
        foreach (var (field, messages) in refused?.Fields ?? new Dictionary<string, string[]>())
        {
            fields[field] = messages;
        }

        return fields.Count > 0 ? PayError.Validation(fields) : refused;
    }
}
