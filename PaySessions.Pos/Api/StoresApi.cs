using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using PaySessions.Core.Merchants;

namespace PaySessions.Pos.Api;

/// <summary>What a store shows the public: its logo, for the checkout page and receipts (no key; the store id is in the checkout link anyway).</summary>
public static class StoresApi
{
    /// <summary>
    /// An uploaded SVG is a document that could carry script. Served with this policy it cannot run any, load
    /// anything or reach our origin, even when someone opens its URL directly; in an &lt;img&gt; it never runs anyway.
    /// </summary>
    public const string LogoSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    public static IEndpointRouteBuilder MapStoresApi(this IEndpointRouteBuilder routes)
    {
        var stores = routes.MapGroup("/stores").WithTags("Stores");
        stores.MapGet("{merchantId:guid}/logo", GetLogo)
            .WithSummary("A store's logo")
            .WithDescription("PNG, JPEG, WebP or SVG as uploaded, with an `ETag` (304 on a match); 404 when the store has none. No key needed.")
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "image/png", "image/jpeg", "image/webp", "image/svg+xml")
            .Produces(StatusCodes.Status304NotModified);
        return routes;
    }

    /// <summary>The logo's bytes with the type they proved at upload; 304 for a cached copy that is still current, 404 when there is none.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> GetLogo(
        Guid merchantId, HttpResponse response, StoreLogos logos, CancellationToken cancellationToken)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        var logo = await logos.FindAsync(merchantId, cancellationToken);
        if (logo is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ContentSecurityPolicy = LogoSecurityPolicy;
        // Browsers and proxies may keep it five minutes, then ask again with the tag (a 304 costs no bytes).
        response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.File(logo.Content, logo.ContentType, entityTag: new EntityTagHeaderValue(logo.ETag));
    }
}
