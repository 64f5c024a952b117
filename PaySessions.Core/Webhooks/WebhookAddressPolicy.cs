using System.Net;
using System.Net.Sockets;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// What a webhook address may be. The host decides: in Production https only and no private networks,
/// unless <c>Webhooks:AllowPrivateNetworks</c> says otherwise; elsewhere plain http and local receivers are fine.
/// </summary>
public sealed record WebhookAddressRules(bool RequireHttps, bool AllowPrivateNetworks);

/// <summary>
/// A delivery the guard stopped before any connection was made, because the host resolved to an address
/// webhooks must not reach. The message names the address and why.
/// </summary>
public sealed class WebhookAddressRefusedException(string message) : HttpRequestException(message);

/// <summary>
/// Keeps outgoing webhooks off the server's own network (SSRF). A URL is checked when it is registered
/// (<see cref="CheckAsync"/>) and again on every connection (<see cref="ConnectCallback"/>), because what a name
/// resolves to can change after registration. The connect callback connects to exactly the addresses it checked,
/// so a name that answers a public address to the check and a private one to the connection gains nothing.
/// </summary>
public sealed class WebhookAddressPolicy
{
    /// <summary>Long enough for any real receiver, short enough to keep a stored URL small.</summary>
    public const int MaxLength = 2000;

    private readonly WebhookAddressRules _rules;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public WebhookAddressPolicy(WebhookAddressRules rules, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
        ConnectCallback = ConnectAsync;
    }

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves, checks and connects in one step.</summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback { get; }

    /// <summary>
    /// A handler for webhook deliveries: guarded connections, no redirects (a redirect could point anywhere),
    /// no proxy (the proxy would do the connecting), no cookies, and pooled connections renewed every two minutes.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = ConnectCallback,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        UseProxy = false,
        UseCookies = false,
    };

    /// <summary>The form of the URL alone, without looking anything up: null when it is fine, else what is wrong, as a sentence.</summary>
    public string? CheckSyntax(string? url) => Parse(url, out _);

    /// <summary>
    /// The form of the URL, then where its host resolves: null when a delivery may go there, else what is wrong,
    /// naming the address at fault. Every address the name resolves to must be allowed, not just the first.
    /// </summary>
    public async Task<string?> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (Parse(url, out var uri) is { } problem)
            return problem;
        var host = uri!.IdnHost;
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return $"The webhook host {host} does not resolve.";
        }
        return addresses.Length == 0 ? $"The webhook host {host} does not resolve." : Refusal(host, addresses);
    }

    /// <summary>True for every address a webhook must not reach when private networks are not allowed.</summary>
    public static bool IsForbidden(IPAddress address) => Describe(address) is not null;

    private string? Parse(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url))
            return "Enter the webhook URL.";
        if (url.Length > MaxLength)
            return $"The webhook URL is longer than {MaxLength} characters.";
        // On Linux "/hooks" parses as an absolute file:// URI, so a path alone is caught here rather than as a wrong scheme.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            || (parsed.IsFile && !url.TrimStart().StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
            return "The webhook URL must be a full address such as https://example.com/webhooks.";
        var https = parsed.Scheme == Uri.UriSchemeHttps;
        if (!https && parsed.Scheme != Uri.UriSchemeHttp)
            return _rules.RequireHttps
                ? $"The webhook URL must start with https:// ({parsed.Scheme}:// is not supported)."
                : $"The webhook URL must start with http:// or https:// ({parsed.Scheme}:// is not supported).";
        if (!https && _rules.RequireHttps)
            return "The webhook URL must use https://: plain http:// would send payment events unencrypted.";
        if (parsed.UserInfo.Length > 0 || AuthorityHasAt(url))
            return "The webhook URL must not contain a user name or password; receivers check the signature instead.";
        if (parsed.IdnHost.Length == 0)
            return "The webhook URL has no host name.";
        if (url.Contains('#', StringComparison.Ordinal))
            return "The webhook URL must not contain a # fragment.";
        uri = parsed;
        return null;
    }

    /// <summary>An '@' before the path means user info, even an empty one such as <c>https://@host/</c>.</summary>
    private static bool AuthorityHasAt(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
            return false;
        var rest = url.AsSpan(start + 3);
        var end = rest.IndexOfAny('/', '?', '#');
        return (end < 0 ? rest : rest[..end]).Contains('@');
    }

    /// <summary>An IP literal is its own answer; a name goes to the resolver.</summary>
    private Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var literal)
            ? Task.FromResult(new[] { literal })
            : _resolve(host, cancellationToken);

    /// <summary>Why the first forbidden address among those a host resolved to may not be reached, or null when all are fine.</summary>
    private string? Refusal(string host, IPAddress[] addresses)
    {
        if (_rules.AllowPrivateNetworks)
            return null;
        foreach (var address in addresses)
        {
            if (Describe(address) is { } reason)
                return IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out _)
                    ? $"The webhook address {host} is {reason}; webhooks may only go to public addresses."
                    : $"The webhook host {host} resolves to {address}, {reason}; webhooks may only go to public addresses.";
        }
        return null;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = context.DnsEndPoint;
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(target.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            throw new WebhookAddressRefusedException($"The webhook host {target.Host} does not resolve.");
        }
        if (addresses.Length == 0)
            throw new WebhookAddressRefusedException($"The webhook host {target.Host} does not resolve.");
        if (Refusal(target.Host, addresses) is { } refusal)
            throw new WebhookAddressRefusedException(refusal);

        // Connect to the addresses just checked, never to a fresh lookup of the name.
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, target.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!; // every address refused the connection; the handler wraps this with the host and port
    }

    /// <summary>What kind of address this is, when it is one webhooks must not reach; null for a public address.</summary>
    private static string? Describe(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } inner)
        {
            // An IPv6 form that reaches an IPv4 host is judged by that host; the v6 ranges below would not see it.
            return Describe(inner) is { } innerReason ? $"{innerReason} (as {inner})" : null;
        }
        foreach (var (network, reason) in Forbidden)
        {
            if (network.Contains(address))
                return reason;
        }
        return null;
    }

    /// <summary>
    /// The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:aabb:ccdd::)
    /// address: each reaches that IPv4 host.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
            return new IPAddress(bytes.AsSpan(12, 4));
        if (SixToFour.Contains(address))
            return new IPAddress(bytes.AsSpan(2, 4));
        return null;
    }

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private const string Metadata = "a cloud metadata address";
    private const string Private = "a private-network address";
    private const string Reserved = "a reserved address";

    /// <summary>Most specific first, so the cloud metadata addresses are named as such rather than by their wider range.</summary>
    private static readonly (IPNetwork Network, string Reason)[] Forbidden =
    [
        (IPNetwork.Parse("169.254.169.254/32"), Metadata),
        (IPNetwork.Parse("100.100.100.200/32"), Metadata),
        (IPNetwork.Parse("fd00:ec2::254/128"), Metadata),

        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (this-network) address"),
        (IPNetwork.Parse("10.0.0.0/8"), Private),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT (shared) address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), Private),
        (IPNetwork.Parse("192.0.0.0/24"), Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.88.99.0/24"), Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), Private),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        (IPNetwork.Parse("240.0.0.0/4"), Reserved),

        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("::/96"), "a deprecated IPv4-compatible address"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local NAT64 address"),
        (IPNetwork.Parse("100::/64"), "a discard-only address"),
        (IPNetwork.Parse("2001::/32"), "a Teredo tunnel address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local (private) address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local (private) address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];
}
