using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace PaySessions.Pos.Hosting;

/// <summary>
/// Behind a reverse proxy the app sees the proxy's address and plain http. The proxy's <c>X-Forwarded-*</c> headers are
/// believed from the addresses in <c>Pos:TrustedProxies</c> only (ASP.NET Core's forwarded-headers middleware, with its
/// default trust of loopback removed); from anyone else they are ignored, so a client cannot pose as https or as
/// another address to slip past rate limits.
/// </summary>
public static class TrustedProxies
{
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<PosOptions>>().Value.TrustedProxies;
        if (proxies.Length == 0)
        {
            return app;
        }

        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        forwarded.KnownNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        app.UseForwardedHeaders(forwarded);
        return app;
    }
}
