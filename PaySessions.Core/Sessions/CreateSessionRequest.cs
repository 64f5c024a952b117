using Microsoft.Extensions.Options;
using PaySessions.Core.Common;

namespace PaySessions.Core.Sessions;

/// <summary>The body of <c>POST /session</c>, exactly as the checkout API names it. Everything is optional here and checked by <see cref="SessionRules"/>.</summary>
public sealed record CreateSessionRequest(
    string? Descriptor = null,
    string? ReferenceNumber = null,
    decimal? Amount = null,
    string? AmountCurrency = null,
    decimal? FxRate = null);

/// <summary>The <c>Sessions</c> section.</summary>
public sealed class SessionOptions
{
    /// <summary>The largest fiat amount one session may ask for.</summary>
    public decimal MaxAmount { get; set; } = 1_000_000m;

    /// <summary>How often the sweep expires overdue sessions and releases reserved amounts.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options) => new SettingChecks("Sessions")
        .Between(nameof(options.MaxAmount), options.MaxAmount, 0.01m, 1_000_000_000m)
        .Between(nameof(options.SweepInterval), options.SweepInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1))
        .Result();
}
