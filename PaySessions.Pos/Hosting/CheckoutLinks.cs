using Microsoft.Extensions.Options;

namespace PaySessions.Pos.Hosting;

/// <summary>Builds qrData: the absolute URL of a session's customer checkout page.</summary>
public sealed class CheckoutLinks(IOptions<PosOptions> options)
{
    public string For(Guid sessionId, string requestBaseUrl)
    {
        var configured = options.Value.PublicBaseUrl;
        var baseUrl = string.IsNullOrWhiteSpace(configured) ? requestBaseUrl : configured;
        return $"{baseUrl.TrimEnd('/')}/pay/{sessionId}";
    }

    public string For(Guid sessionId, HttpRequest request) => For(sessionId, $"{request.Scheme}://{request.Host}{request.PathBase}");
}
