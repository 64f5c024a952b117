using System.Globalization;
using Microsoft.Extensions.Options;

namespace PaySessions.Core.Common;

/// <summary>
/// Collects what is wrong with one configuration section. Each failure names the setting as appsettings.json spells it
/// ("Chain:PollInterval must be between 00:00:00.0100000 and 00:10:00; it is 00:00:00."), so an operator can fix it.
/// </summary>
public sealed class SettingChecks(string section)
{
    private readonly List<string> _failures = [];

    public SettingChecks Between<T>(string setting, T value, T min, T max)
        where T : IComparable<T> =>
        That(value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0, setting, $"must be between {Show(min)} and {Show(max)}", value);

    /// <summary>A setting that must not be blank. Its value is never echoed, so keys and passwords stay out of logs.</summary>
    public SettingChecks Required(string setting, string? value) =>
        That(!string.IsNullOrWhiteSpace(value), setting, "must be set", "");

    public SettingChecks That(bool holds, string setting, string rule, object? value)
    {
        if (!holds)
        {
            _failures.Add($"{section}:{setting} {rule}; it is {Show(value)}.");
        }

        return this;
    }

    public ValidateOptionsResult Result() => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    private static string Show(object? value) => value switch
    {
        null => "empty",
        string text when string.IsNullOrWhiteSpace(text) => "empty",
        string text => $"'{text}'",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
