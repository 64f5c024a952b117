using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Vouchers;
using PaySessions.Core.Webhooks;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>The checkout vendor's webhook payload: flat, status as the integer of our status table.</summary>
public sealed record CheckoutWebhookPayload(
    [property: JsonPropertyName("accountID")] string AccountId,
    [property: JsonPropertyName("lydianpayTransactionID")] string TransactionId,
    [property: JsonPropertyName("merchantTransactionID")] string MerchantTransactionId,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("merchantID")] string MerchantId);

/// <summary>
/// Webhook and hub data is the API's own response for the resource, built by the same mapping and written with
/// the same JSON settings as the API: a client parses both with one model.
/// </summary>
public sealed class WebhookRenderer(CheckoutLinks links, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IServiceProvider services) : IWebhookRenderer
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public string Session(PaySession session, DateTime now) => Write(session.AsResponse(links.For(session.Id, BaseUrl()), now));

    public string Transaction(Payment payment, PaySession session, DateTime now) => Write(payment.AsResponse(session, now));

    public string Voucher(VoucherView voucher) => Write(voucher.AsResponse());

    public string VoucherSession(VoucherSession session) => Write(session.AsResponse());

    public string CheckoutStatus(Payment payment, PaySession session, DateTime at) => Write(new CheckoutWebhookPayload(
        session.AccountId.ToString(),
        payment.Id.ToString(),
        session.ReferenceNumber,
        (int)payment.Status,
        // RFC 3339 with microseconds and a numeric offset, as the vendor's example shows.
        new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
        session.MerchantId.ToString()));

    private string Write<T>(T value) => JsonSerializer.Serialize(value, _options);

    /// <summary>With no <c>Pos:PublicBaseUrl</c>, links point at the address this server listens on (there is no request to take it from).</summary>
    private string BaseUrl() =>
        services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
}
