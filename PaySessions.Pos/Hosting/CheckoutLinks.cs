using Microsoft.Extensions.Options;

namespace PaySessions.Pos.Hosting;

/// <summary>Builds the absolute links customers keep: qrData (a session's checkout page) and a paid sale's receipt.</summary>
public sealed class CheckoutLinks(IOptions<PosOptions> options)
{
    public string For(Guid sessionId, string requestBaseUrl) => $"{BaseUrl(requestBaseUrl)}/pay/{sessionId}";

    public string For(Guid sessionId, HttpRequest request) => For(sessionId, $"{request.Scheme}://{request.Host}{request.PathBase}");

    public string Receipt(Guid sessionId, string requestBaseUrl) => $"{BaseUrl(requestBaseUrl)}/receipt/{sessionId}";

    private string BaseUrl(string requestBaseUrl)
    {
        var configured = options.Value.PublicBaseUrl;
        return (string.IsNullOrWhiteSpace(configured) ? requestBaseUrl : configured).TrimEnd('/');
    }
}
