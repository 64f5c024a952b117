using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Chain;
using PaySessions.Core.Fx;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>A network payments can be made on, as the voucher API names networks (<c>chainId</c> is a string).</summary>
public sealed record FinanceNetworkResponse(string Network, string Type, string ChainId, string Name);

/// <summary>A token accepted on a network.</summary>
public sealed record FinanceCurrencyResponse(string Network, string Currency, string CurrencyAddress, int Decimals, string Peg);

/// <summary>
/// The voucher reference's finance endpoints: convert an amount (a bare decimal string), and the networks and currencies
/// this installation takes (the reference lists these two without their paths; ours are below <c>/api/v1/finance</c>).
/// No credentials, as the reference's convert example sends none; rate-limited like the rest.
/// </summary>
public static class FinanceApi
{
    public static IEndpointRouteBuilder MapFinanceApi(this IEndpointRouteBuilder routes)
    {
        var finance = routes.MapGroup("/api/v1/finance").RequireRateLimiting(RateLimiting.ApiPolicy).DisableAntiforgery().WithTags("Finance")
            .ProducesProblems(StatusCodes.Status429TooManyRequests);
        finance.MapPost("/currencies/convert", Convert).ReadsJson<ConvertRequest>()
            .WithSummary("Convert an amount")
            .WithDescription("Between two currencies (a token by network, symbol and address; a fiat currency with an empty address) through the configured rates, rounded up to the target's decimals. Answers a bare JSON string, e.g. `\"92.15\"`.");
        finance.MapGet("/networks", Networks)
            .WithSummary("Supported networks").WithDescription("The networks this installation watches: name, `type` (`evm`), `chainId` as a string.");
        finance.MapGet("/currencies", Currencies)
            .WithSummary("Supported currencies").WithDescription("The tokens accepted on those networks, with address, decimals and the currency each is pegged to.");
        return routes;
    }

    public static async Task<Results<Ok<string>, ProblemHttpResult>> Convert(HttpRequest request, ConvertAmount convert, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<ConvertRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return VoucherProblems.From(body.Error);
        }

        var converted = convert.Execute(body.Value);
        return converted.Ok ? TypedResults.Ok(converted.Value) : VoucherProblems.From(converted.Error);
    }

    public static Ok<IReadOnlyList<FinanceNetworkResponse>> Networks(NetworkCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<FinanceNetworkResponse>>(catalog.Networks.Where(n => n.Offered)
            .Select(n => new FinanceNetworkResponse(n.Name, "evm", n.ChainId.ToString(CultureInfo.InvariantCulture), n.DisplayName))
            .ToList());

    public static Ok<IReadOnlyList<FinanceCurrencyResponse>> Currencies(NetworkCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<FinanceCurrencyResponse>>(catalog.OfferedAssets
            .Select(a => new FinanceCurrencyResponse(a.Network.Name, a.Symbol, a.Contract, a.Decimals, a.Peg))
            .ToList());
}
