using PaySessions.Core.Merchants;

namespace PaySessions.Core.History;

/// <summary>A stretch of whole days of a store: from the start of <see cref="First"/> up to (not including) the day after <see cref="Last"/>.</summary>
public sealed record ReportPeriod(DateOnly First, DateOnly Last, DateTime FromUtc, DateTime ToUtc)
{
    public bool Contains(DateTime utc) => utc >= FromUtc && utc < ToUtc;
}

/// <summary>
/// The days and weeks of a store as its staff count them: midnight to midnight in the store's time zone, weeks from
/// Monday. Stores have no time-zone setting yet, so every store counts in UTC and the screens say so; the day a store
/// gets one, <see cref="Of"/> is the only place that reads it.
/// </summary>
public sealed class StoreCalendar
{
    public static readonly StoreCalendar Utc = new(TimeZoneInfo.Utc);

    public StoreCalendar(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    /// <summary>How the screens and exports name the zone their times are in.</summary>
    public string ZoneName => Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id;

    // Merchant has no time zone field yet: every store's day is a UTC day.
    public static StoreCalendar Of(Merchant store) => Utc;

    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public ReportPeriod Day(DateOnly day) => Days(day, day);

    /// <summary>The Monday-to-Sunday week that holds <paramref name="day"/>.</summary>
    public ReportPeriod WeekOf(DateOnly day)
    {
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return Days(monday, monday.AddDays(6));
    }

    public ReportPeriod Days(DateOnly first, DateOnly last) => new(first, last, StartOf(first), StartOf(last.AddDays(1)));

    private DateTime StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        // Where clocks jump forward at midnight, the day starts at the first minute that exists.
        while (Zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(15);
        }

        return TimeZoneInfo.ConvertTimeToUtc(midnight, Zone);
    }
}
