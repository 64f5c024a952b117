namespace PaySessions.Pos.Hosting;

/// <summary>
/// Headers on every response, pages and API alike: a content security policy, no content sniffing, no paths in
/// referrers, and HSTS when the request came over https.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from our own origin: blazor.web.js, Radzen.Blazor.js and js/app.js, never inline, never eval.
    /// Styles allow 'unsafe-inline' because Radzen's components render <c>style="…"</c> attributes (widths, positions of
    /// popups, grid columns) and Blazor's reconnect UI sets styles too; a nonce or hash cannot cover attributes, so
    /// without it the back office falls apart. Inline style cannot run script, so the script policy still holds.
    /// QR codes are inline SVG; <c>data:</c> images and fonts cover Radzen's icons and the store logos' previews.
    /// <c>connect-src 'self'</c> covers the Blazor circuit's WebSocket on the same host (CSP level 3).
    /// </summary>
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>The customer's pages (checkout, receipt, payer wallet) may be framed by the app itself; nothing else may be framed at all.</summary>
    public static string PolicyFor(PathString path) => IsCustomerPage(path) ? FramedBySelf : FramedByNone;

    // Built once: the header goes on every response.
    private static readonly string FramedBySelf = Policy + "; frame-ancestors 'self'";
    private static readonly string FramedByNone = Policy + "; frame-ancestors 'none'";

    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public const string Hsts = "max-age=31536000; includeSubDomains";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = ReferrerPolicy;
        headers.ContentSecurityPolicy = PolicyFor(http.Request.Path);
        if (http.Request.IsHttps)
        {
            headers.StrictTransportSecurity = Hsts;
        }

        // An endpoint with a stricter policy of its own (a store logo) replaces ours.
        return next(http);
    });

    private static bool IsCustomerPage(PathString path) =>
        path.StartsWithSegments("/pay") || path.StartsWithSegments("/receipt") || path.StartsWithSegments("/wallet");
}
