using System.Text.Json.Nodes;
using PaySessions.Core.Fx;
using PaySessions.Core.Sessions;
using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Api;

/// <summary>
/// Example bodies for the OpenAPI document, written with the wire names the JSON serializer uses. A test sends each one
/// through the serializer's reader, so an example that stops matching its type fails the build's tests.
/// </summary>
public static class ApiExamples
{
    public static readonly IReadOnlyDictionary<Type, string> Requests = new Dictionary<Type, string>
    {
        [typeof(CreateSessionRequest)] = """{"descriptor":"Flat white and a croissant","referenceNumber":"A-1001","amount":7.80,"amountCurrency":"USD"}""",
        [typeof(CreateTransactionRequest)] = """{"descriptor":"Flat white","referenceNumber":"A-1002","amount":4.50,"amountCurrency":"USD","asset":"USDC","network":"polygon"}""",
        [typeof(PickTransactionRequest)] = """{"asset":"USDC","network":"polygon"}""",
        [typeof(CancelTransactionRequest)] = """{"reason":"Cancelled from the SDK","forfeit":false}""",
        [typeof(ClaimTransferRequest)] = """{"txHash":"0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"}""",
        [typeof(RedeemRequest)] = """
            {"expectedPayment":{"network":"polygon","currency":"USDC","currencyAddress":"0x3c499c542cef5e3811e1192ce70d8cc03d5c3359",
             "amount":"12.50","wallet":{"address":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8"}}}
            """,
        [typeof(ResolveRequest)] = """{"receipts":[{"paymentId":"pay_a1b2c3d4e5f6","txHash":"0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"}]}""",
        [typeof(NegotiateRequest)] = """
            {"suppliedPayment":{"network":"polygon","currency":"USDC","currencyAddress":"0x3c499c542cef5e3811e1192ce70d8cc03d5c3359",
             "amount":"108","wallet":{"address":"0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"}}}
            """,
        [typeof(OpenContextRequest)] = """{"format":"numeric","payers":[{"address":"0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"}]}""",
        [typeof(ReserveRequest)] = """{"code":"K7Q2XM"}""",
        [typeof(ConvertRequest)] = """
            {"sourceNetwork":"polygon","sourceCurrency":"EURC","sourceCurrencyAddress":"","targetNetwork":"polygon","targetCurrency":"USDC",
             "targetCurrencyAddress":"0x3c499c542cef5e3811e1192ce70d8cc03d5c3359","amount":"100"}
            """,
        [typeof(CreateKeyRequest)] = """{"keyType":"publishable","name":"Till 2"}""",
        [typeof(SignInRequest)] = """{"type":"resource","data":{"resource":"voucher::context::code::K7Q2XM"}}""",
        [typeof(SessionOpenRequest)] = """{"code":"K7Q2XM","type":"SESSION_DEFAULT"}""",
    };

    public static JsonNode? For(Type type) => Requests.TryGetValue(type, out var json) ? JsonNode.Parse(json) : null;
}
