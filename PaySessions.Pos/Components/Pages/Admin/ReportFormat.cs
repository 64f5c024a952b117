using System.Globalization;
using PaySessions.Core.History;

namespace PaySessions.Pos.Components.Pages.Admin;

/// <summary>How the report pages write days, periods and shares (English, whatever the machine's culture).</summary>
public static class ReportFormat
{
    public static string Share(decimal share) => decimal.Round(share * 100, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "%";

    public static string Day(DateOnly day) => day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Short(DateOnly day) => day.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    public static string Period(ReportPeriod period) =>
        period.First == period.Last ? Day(period.First) : $"{Short(period.First)} – {Short(period.Last)}";

    public static string Time(DateTime utc, StoreCalendar calendar) => calendar.ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
