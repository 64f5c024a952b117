using System.Globalization;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;

namespace PaySessions.Core.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Waits between attempts after the first, which goes at once; when they are used up the delivery has failed.
    /// Comma-separated <c>hh:mm:ss</c> values.
    /// </summary>
    public string RetrySchedule { get; set; } = "00:00:05, 00:05:00, 00:30:00, 02:00:00, 05:00:00, 10:00:00, 10:00:00";

    /// <summary>How long a receiver has to answer one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An endpoint whose every attempt failed for this long is disabled, with a notice for the owner.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Endpoints served at the same time; each endpoint's deliveries still go one after another.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Receivers must use https. Unset: on in Production, off elsewhere.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>Receivers may be on loopback, private or link-local addresses. Unset: off in Production, on elsewhere.</summary>
    public bool? AllowPrivateNetworks { get; set; }

    public IReadOnlyList<TimeSpan> RetryDelays() => ParseSchedule(RetrySchedule) ?? [];

    internal static IReadOnlyList<TimeSpan>? ParseSchedule(string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule))
        {
            return [];
        }

        var delays = new List<TimeSpan>();
        foreach (var part in schedule.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var delay) || delay < TimeSpan.Zero || delay > TimeSpan.FromDays(1))
            {
                return null;
            }

            delays.Add(delay);
        }

        return delays;
    }
}

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options) => new SettingChecks("Webhooks")
        .That(WebhookOptions.ParseSchedule(options.RetrySchedule) is { Count: <= 20 }, nameof(options.RetrySchedule), "must be up to 20 comma-separated waits between 00:00:00 and 1.00:00:00", options.RetrySchedule)
        .Between(nameof(options.Timeout), options.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1))
        .Between(nameof(options.DisableAfter), options.DisableAfter, TimeSpan.FromMinutes(1), TimeSpan.FromDays(60))
        .Between(nameof(options.Concurrency), options.Concurrency, 1, 64)
        .Result();
}
