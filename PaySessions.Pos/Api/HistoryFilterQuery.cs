using System.Globalization;
using PaySessions.Core.Common;
using PaySessions.Core.History;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Pos.Api;

/// <summary>
/// A back-office history filter as a query string and back: the sales page writes its "Export CSV" link with
/// <see cref="ToQueryString"/>, the export endpoint reads it with <see cref="Parse"/>. The integrators' parameters
/// (<c>status</c>, <c>exceptionStatus</c>, <c>from</c>, <c>to</c>, <c>asset</c>, <c>network</c>, <c>q</c>) mean what they mean
/// on <c>GET /sessions</c>; the back office adds <c>minAmount</c>, <c>maxAmount</c>, <c>cashier</c> and <c>kind</c>.
/// </summary>
public static class HistoryFilterQuery
{
    public static string ToQueryString(HistoryFilter filter)
    {
        var pairs = new List<KeyValuePair<string, string?>>
        {
            new("status", filter.Status is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : null),
            new("exceptionStatus", filter.ExceptionStatus is { } exception ? (exception == PaymentException.None ? "none" : exception.Wire()) : null),
            new("from", Iso(filter.From)),
            new("to", Iso(filter.To)),
            new("asset", filter.Asset),
            new("network", filter.Network),
            new("minAmount", filter.MinAmount?.ToString(CultureInfo.InvariantCulture)),
            new("maxAmount", filter.MaxAmount?.ToString(CultureInfo.InvariantCulture)),
            new("cashier", filter.CashierId?.ToString()),
            new("kind", filter.Kind is { } kind ? Kind(kind) : null),
            new("q", filter.Text),
        };
        return Microsoft.AspNetCore.Http.QueryString.Create(pairs.Where(p => !string.IsNullOrEmpty(p.Value))).Value ?? "";
    }

    public static Result<HistoryFilter> Parse(IQueryCollection query)
    {
        var common = HistoryFilter.Parse(query["status"], query["exceptionStatus"], query["from"], query["to"], query["asset"], query["network"], query["q"]);
        if (!common.Ok)
        {
            return common;
        }

        var filter = common.Value!;
        foreach (var name in new[] { "minAmount", "maxAmount" })
        {
            if (Blank(query[name]) is not { } text)
            {
                continue;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return PayError.Validation(name, $"{name} is a positive amount such as 12.50.");
            }

            filter = name == "minAmount" ? filter with { MinAmount = amount } : filter with { MaxAmount = amount };
        }

        if (Blank(query["cashier"]) is { } cashier)
        {
            if (!Guid.TryParse(cashier, out var id))
            {
                return PayError.Validation("cashier", "cashier is the id of one of the store's people.");
            }

            filter = filter with { CashierId = id };
        }

        if (Blank(query["kind"]) is { } kindText)
        {
            SessionKind? kind = kindText.ToLowerInvariant() switch
            {
                "checkout" => SessionKind.Checkout,
                "voucher" => SessionKind.Voucher,
                _ => null,
            };
            if (kind is null)
            {
                return PayError.Validation("kind", "kind is checkout or voucher.");
            }

            filter = filter with { Kind = kind };
        }

        return filter.Check() is { } invalid ? invalid : filter;
    }

    public static string Kind(SessionKind kind) => kind == SessionKind.Voucher ? "voucher" : "checkout";

    private static string? Iso(DateTime? time) => time?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
