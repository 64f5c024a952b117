using System.Globalization;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Merchants;

/// <summary>The store page's settings, on a real SQLite file: each bound, and what a change does to new sales.</summary>
public sealed class StoreSettingsTests : IAsyncLifetime
{
    private static readonly StoreDetails Valid = new("Corner Cafe", "EUR", 30, 120, 0.01m);

    private CoreHarness _core = null!;

    private StoreSettings Settings => _core.Get<StoreSettings>();

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task saved_settings_are_read_back_cleaned_up()
    {
        var store = await _core.NewMerchantAsync();

        var saved = await Settings.UpdateAsync(store.MerchantId, Valid with { Name = "  Corner Cafe ", DefaultCurrency = "eur" });

        Assert.True(saved.Ok, saved.Error?.Message);
        Assert.Equal(Valid, await Settings.ReadAsync(store.MerchantId));
    }

    [Fact]
    public async Task a_new_sale_uses_the_store_payment_and_monitoring_windows()
    {
        var store = await _core.NewMerchantAsync();
        Assert.True((await Settings.UpdateAsync(store.MerchantId, Valid with { ExpirationMinutes = 7, MonitoringMinutes = 60 })).Ok);

        var sessions = _core.Get<SessionService>();
        var session = (await sessions.CreateAsync(store, new CreateSessionRequest(Amount: 5m, AmountCurrency: "USD"))).Value!;
        var payment = (await sessions.PickAsync(session.Id, store.MerchantId, "USDC", "polygon")).Value!;

        var now = _core.Time.GetUtcNow().UtcDateTime;
        Assert.Equal(now.AddMinutes(7), session.ExpiresAt);
        Assert.Equal(session.ExpiresAt, payment.ExpiresAt);
        Assert.Equal(session.ExpiresAt.AddMinutes(60), payment.MonitorUntil);
    }

    [Fact]
    public async Task an_open_sale_keeps_the_windows_it_started_with()
    {
        var store = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var session = (await sessions.CreateAsync(store, new CreateSessionRequest(Amount: 5m, AmountCurrency: "USD"))).Value!;

        Assert.True((await Settings.UpdateAsync(store.MerchantId, Valid with { ExpirationMinutes = 1, MonitoringMinutes = 1 })).Ok);

        Assert.Equal(session.ExpiresAt, (await sessions.FindAsync(session.Id, store.MerchantId))!.ExpiresAt);
        Assert.Equal(_core.Time.GetUtcNow().UtcDateTime.AddMinutes(15), session.ExpiresAt);
    }

    [Theory]
    [InlineData("A", "USD", 1, 1, "0")]
    [InlineData("x", "usd", 1440, 1440, "0.05")]
    [InlineData("Shop", "JPY", 15, 43200, "0.000001")]
    public async Task settings_at_their_bounds_are_accepted(string name, string currency, int expiration, int monitoring, string tolerance)
    {
        var store = await _core.NewMerchantAsync();
        var details = new StoreDetails(name, currency, expiration, monitoring, decimal.Parse(tolerance, CultureInfo.InvariantCulture));

        var saved = await Settings.UpdateAsync(store.MerchantId, details);

        Assert.True(saved.Ok, saved.Error?.Message);
        Assert.Equal(details with { DefaultCurrency = currency.ToUpperInvariant() }, await Settings.ReadAsync(store.MerchantId));
    }

    [Theory]
    [InlineData("", "USD", 15, 1440, "0", "name")]
    [InlineData("   ", "USD", 15, 1440, "0", "name")]
    [InlineData(null, "USD", 15, 1440, "0", "name")]
    [InlineData("101", "USD", 15, 1440, "0", "name")]
    [InlineData("Shop", "XYZ", 15, 1440, "0", "defaultCurrency")]
    [InlineData("Shop", "US", 15, 1440, "0", "defaultCurrency")]
    [InlineData("Shop", null, 15, 1440, "0", "defaultCurrency")]
    [InlineData("Shop", "USD", 0, 1440, "0", "expirationMinutes")]
    [InlineData("Shop", "USD", 1441, 1441, "0", "expirationMinutes")]
    [InlineData("Shop", "USD", -5, 1440, "0", "expirationMinutes")]
    [InlineData("Shop", "USD", 30, 29, "0", "monitoringMinutes")]
    [InlineData("Shop", "USD", 15, 43201, "0", "monitoringMinutes")]
    [InlineData("Shop", "USD", 15, 1440, "-0.001", "underpaymentTolerance")]
    [InlineData("Shop", "USD", 15, 1440, "0.0500001", "underpaymentTolerance")]
    [InlineData("Shop", "USD", 15, 1440, "0.5", "underpaymentTolerance")]
    [InlineData("Shop", "USD", 15, 1440, "0.0000005", "underpaymentTolerance")]
    public async Task a_setting_out_of_bounds_is_refused_by_name_and_nothing_changes(
        string? name, string? currency, int expiration, int monitoring, string tolerance, string field)
    {
        var store = await _core.NewMerchantAsync();
        Assert.True((await Settings.UpdateAsync(store.MerchantId, Valid)).Ok);
        var details = new StoreDetails(name == "101" ? new string('n', 101) : name, currency, expiration, monitoring, decimal.Parse(tolerance, CultureInfo.InvariantCulture));

        var refused = await Settings.UpdateAsync(store.MerchantId, details);

        Assert.False(refused.Ok);
        Assert.Equal(ErrorCodes.ValidationFailed, refused.Error.Code);
        var (named, messages) = Assert.Single(refused.Error.Fields!);
        Assert.Equal(field, named);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(messages)));
        Assert.Equal(Valid, await Settings.ReadAsync(store.MerchantId));
    }

    [Fact]
    public async Task every_wrong_setting_is_named_at_once()
    {
        var store = await _core.NewMerchantAsync();

        var refused = await Settings.UpdateAsync(store.MerchantId, new StoreDetails("", "ABC", 0, -1, 1m));

        Assert.Equal(
            new[] { "defaultCurrency", "expirationMinutes", "monitoringMinutes", "name", "underpaymentTolerance" },
            refused.Error!.Fields!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task an_unknown_store_is_not_found()
    {
        var refused = await Settings.UpdateAsync(Guid.NewGuid(), Valid);

        Assert.Equal(ErrorCodes.NotFound, refused.Error?.Code);
        Assert.Null(await Settings.ReadAsync(Guid.NewGuid()));
    }
}
