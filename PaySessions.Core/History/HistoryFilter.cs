using System.Globalization;
using System.Text.RegularExpressions;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.History;

/// <summary>
/// What the session history shows: every criterion optional, all of them together (AND). Times are UTC; <see cref="From"/>
/// is inclusive and <see cref="To"/> exclusive. <see cref="Text"/> finds a session by its id, a transaction hash or payer
/// address (0x… and at least 8 hex digits: exact or prefix), or a fragment of reference or descriptor (3+ characters).
/// </summary>
public sealed partial record HistoryFilter
{
    public const int MinTextLength = 3;

    public const int MaxTextLength = SessionLimits.MaxTextLength;

    public PaymentStatus? Status { get; init; }

    public PaymentException? ExceptionStatus { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    /// <summary>The current transaction's asset symbol (USDC); any case.</summary>
    public string? Asset { get; init; }

    /// <summary>The current transaction's network name (polygon); any case.</summary>
    public string? Network { get; init; }

    public decimal? MinAmount { get; init; }

    public decimal? MaxAmount { get; init; }

    public Guid? CashierId { get; init; }

    public SessionKind? Kind { get; init; }

    public string? Text { get; init; }

    /// <summary>Why this filter cannot run, naming the field (<c>validation_failed</c>); null when it can.</summary>
    public PayError? Check()
    {
        if (From is { } from && To is { } to && from > to)
        {
            return PayError.Validation("from", "from must not be later than to.");
        }

        if (MinAmount is { } min && MaxAmount is { } max && min > max)
        {
            return PayError.Validation("minAmount", "minAmount must not be larger than maxAmount.");
        }

        if (Status is { } status && !Enum.IsDefined(status))
        {
            return PayError.Validation("status", StatusRule);
        }

        if (ExceptionStatus is { } exception && !Enum.IsDefined(exception))
        {
            return PayError.Validation("exceptionStatus", ExceptionRule);
        }

        return Text is null ? null : HistoryText.Parse(Text).Error;
    }

    /// <summary>
    /// Reads the API's query string: <c>status</c> (an integer of the status table), <c>exceptionStatus</c>, <c>from</c>/<c>to</c>
    /// (ISO 8601; without an offset they are UTC), <c>asset</c>, <c>network</c>, <c>q</c>. Empty values mean "any".
    /// </summary>
    public static Result<HistoryFilter> Parse(string? status, string? exceptionStatus, string? from, string? to, string? asset, string? network, string? q)
    {
        var filter = new HistoryFilter
        {
            Asset = Blank(asset),
            Network = Blank(network),
            Text = Blank(q),
        };
        if (Blank(status) is { } statusText)
        {
            if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || !Enum.IsDefined((PaymentStatus)value))
            {
                return PayError.Validation("status", StatusRule);
            }

            filter = filter with { Status = (PaymentStatus)value };
        }

        if (Blank(exceptionStatus) is { } exceptionText)
        {
            if (ParseException(exceptionText) is not { } exception)
            {
                return PayError.Validation("exceptionStatus", ExceptionRule);
            }

            filter = filter with { ExceptionStatus = exception };
        }

        foreach (var (name, text) in new[] { ("from", from), ("to", to) })
        {
            if (Blank(text) is not { } value)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) || !IsoLike().IsMatch(value))
            {
                return PayError.Validation(name, $"{name} must be an ISO 8601 date or time, e.g. 2026-11-22 or 2026-11-22T08:00:00Z.");
            }

            filter = name == "from" ? filter with { From = time.UtcDateTime } : filter with { To = time.UtcDateTime };
        }

        return filter.Check() is { } invalid ? invalid : filter;
    }

    /// <summary>A stable text of the criteria: a cursor carries its hash, so it is refused under other criteria.</summary>
    internal string Canonical() => string.Join('|',
        Status?.ToString(), ExceptionStatus?.ToString(), From?.Ticks.ToString(CultureInfo.InvariantCulture), To?.Ticks.ToString(CultureInfo.InvariantCulture),
        Asset?.Trim().ToUpperInvariant(), Network?.Trim().ToLowerInvariant(), MinAmount?.ToString(CultureInfo.InvariantCulture),
        MaxAmount?.ToString(CultureInfo.InvariantCulture), CashierId?.ToString(), Kind?.ToString(), Text?.Trim());

    private const string StatusRule = "status is one of 0 (pending), 1 (succeeded), 2 (processing), 3 (canceled), 5 (expired).";

    private const string ExceptionRule = "exceptionStatus is one of none, underpaid, overpaid, paidLate.";

    private static PaymentException? ParseException(string text) => text.ToLowerInvariant() switch
    {
        "none" => PaymentException.None,
        "underpaid" => PaymentException.Underpaid,
        "overpaid" => PaymentException.Overpaid,
        "paidlate" => PaymentException.PaidLate,
        _ => null,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // DateTimeOffset.TryParse alone also takes "5" or "Tuesday"; an ISO date starts with a four-digit year.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoLike();
}

/// <summary>How the free text of a filter is searched.</summary>
internal enum HistoryTextKind
{
    SessionId,
    HexPrefix,
    Fragment,
}

/// <summary>The free text, classified: a session id, a hash or address prefix, or a fragment of reference and descriptor.</summary>
internal sealed partial record HistoryText(HistoryTextKind Kind, string Value)
{
    public static Result<HistoryText> Parse(string text)
    {
        var value = text.Trim();
        if (value.Length > HistoryFilter.MaxTextLength)
        {
            return PayError.Validation("q", $"q is at most {HistoryFilter.MaxTextLength} characters.");
        }

        if (Guid.TryParseExact(value, "D", out var id))
        {
            return new HistoryText(HistoryTextKind.SessionId, id.ToString().ToUpperInvariant());
        }

        if (HexPrefix().IsMatch(value))
        {
            return new HistoryText(HistoryTextKind.HexPrefix, value.ToLowerInvariant());
        }

        if (value.Length < HistoryFilter.MinTextLength)
        {
            return PayError.Validation("q", $"q needs at least {HistoryFilter.MinTextLength} characters: it matches inside reference and descriptor, "
                + "or the start of a transaction hash or payer address (0x and at least 8 hex digits).");
        }

        return new HistoryText(HistoryTextKind.Fragment, value);
    }

    [GeneratedRegex("^0[xX][0-9a-fA-F]{8,64}$")]
    private static partial Regex HexPrefix();
}
