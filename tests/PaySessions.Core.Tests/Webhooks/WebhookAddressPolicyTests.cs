using System.Net;
using System.Net.Sockets;
using System.Text;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.Tests.Webhooks;

/// <summary>The SSRF guard: which addresses webhooks may reach, which URLs may be registered, and the connection itself.</summary>
public sealed class WebhookAddressPolicyTests
{
    private static readonly WebhookAddressRules Production = new(RequireHttps: true, AllowPrivateNetworks: false);
    private static readonly WebhookAddressRules PublicOverHttp = new(RequireHttps: false, AllowPrivateNetworks: false);
    private static readonly WebhookAddressRules Development = new(RequireHttps: false, AllowPrivateNetworks: true);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("::1")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("::")]
    [InlineData("10.0.0.5")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("100.100.100.200")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("fe80::1")]
    [InlineData("febf:ffff::1")]
    [InlineData("fc00::1")]
    [InlineData("fdff:ffff::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("ff02::1")]
    [InlineData("255.255.255.255")]
    [InlineData("240.0.0.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("192.0.2.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("64:ff9b::a00:5")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:a9fe:a9fe::1")]
    public void private_loopback_link_local_and_metadata_addresses_are_forbidden(string address) =>
        Assert.True(WebhookAddressPolicy.IsForbidden(IPAddress.Parse(address)), $"{address} should be forbidden");

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("11.0.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("198.20.0.1")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void public_addresses_are_allowed(string address) =>
        Assert.False(WebhookAddressPolicy.IsForbidden(IPAddress.Parse(address)), $"{address} should be allowed");

    [Fact]
    public void a_well_formed_https_url_passes_the_syntax_check()
    {
        var policy = new WebhookAddressPolicy(Production);

        Assert.Null(policy.CheckSyntax("https://hooks.example.com/paysessions?store=7"));
        Assert.Null(policy.CheckSyntax("https://hooks.example.com:8443/in"));
    }

    [Fact]
    public void plain_http_is_refused_when_https_is_required_and_the_message_says_why()
    {
        var message = new WebhookAddressPolicy(Production).CheckSyntax("http://hooks.example.com/in");

        Assert.NotNull(message);
        Assert.Contains("https://", message, StringComparison.Ordinal);
        Assert.Contains("unencrypted", message, StringComparison.Ordinal);
        Assert.Null(new WebhookAddressPolicy(PublicOverHttp).CheckSyntax("http://hooks.example.com/in"));
    }

    [Theory]
    [InlineData("https://user:secret@hooks.example.com/in", "user name or password")]
    [InlineData("https://token@hooks.example.com/in", "user name or password")]
    [InlineData("https://@hooks.example.com/in", "user name or password")]
    [InlineData("/webhooks", "full address")]
    [InlineData("hooks.example.com/in", "full address")]
    [InlineData("ftp://hooks.example.com/in", "ftp://")]
    [InlineData("file:///etc/passwd", "file://")]
    [InlineData("https://hooks.example.com/in#part", "fragment")]
    [InlineData("", "Enter")]
    [InlineData(null, "Enter")]
    public void malformed_urls_are_refused_with_a_reason(string? url, string expected)
    {
        var message = new WebhookAddressPolicy(PublicOverHttp).CheckSyntax(url);

        Assert.NotNull(message);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_url_longer_than_2000_characters_is_refused()
    {
        var policy = new WebhookAddressPolicy(Production);
        var prefix = "https://hooks.example.com/";

        Assert.Null(policy.CheckSyntax(prefix + new string('a', WebhookAddressPolicy.MaxLength - prefix.Length)));
        Assert.Contains("2000", policy.CheckSyntax(prefix + new string('a', WebhookAddressPolicy.MaxLength - prefix.Length + 1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_name_resolving_to_a_private_address_is_refused_naming_the_address()
    {
        var policy = new WebhookAddressPolicy(Production, Resolves("10.0.0.5"));

        var message = await policy.CheckAsync("https://hooks.example.com/in", CancellationToken.None);

        Assert.NotNull(message);
        Assert.Contains("resolves to 10.0.0.5, a private-network address", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_name_resolving_to_a_public_address_is_allowed()
    {
        var policy = new WebhookAddressPolicy(Production, Resolves("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"));

        Assert.Null(await policy.CheckAsync("https://hooks.example.com/in", CancellationToken.None));
    }

    [Fact]
    public async Task one_private_address_among_public_ones_is_enough_to_refuse()
    {
        var policy = new WebhookAddressPolicy(Production, Resolves("93.184.215.14", "169.254.169.254"));

        var message = await policy.CheckAsync("https://hooks.example.com/in", CancellationToken.None);

        Assert.NotNull(message);
        Assert.Contains("169.254.169.254, a cloud metadata address", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_name_that_does_not_resolve_is_refused()
    {
        var empty = new WebhookAddressPolicy(Production, Resolves());
        var failing = new WebhookAddressPolicy(Production, (_, _) => throw new SocketException((int)SocketError.HostNotFound));

        Assert.Contains("does not resolve", await empty.CheckAsync("https://nowhere.example.com/in", CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("does not resolve", await failing.CheckAsync("https://nowhere.example.com/in", CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ip_literals_are_judged_without_asking_dns()
    {
        var policy = new WebhookAddressPolicy(PublicOverHttp, (_, _) => throw new InvalidOperationException("DNS must not be asked for an IP literal"));

        Assert.Null(await policy.CheckAsync("http://8.8.8.8/in", CancellationToken.None));
        Assert.Contains("loopback", await policy.CheckAsync("http://127.0.0.1:5000/in", CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("loopback", await policy.CheckAsync("http://[::1]/in", CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("private-network", await policy.CheckAsync("http://[::ffff:10.0.0.5]/in", CancellationToken.None), StringComparison.Ordinal);
        // The URI parser reads 2130706433 as 127.0.0.1; the check must see what a connection would reach.
        Assert.Contains("loopback", await policy.CheckAsync("http://2130706433/in", CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task allowing_private_networks_lets_loopback_through()
    {
        var policy = new WebhookAddressPolicy(Development, Resolves("127.0.0.1"));

        Assert.Null(await policy.CheckAsync("http://127.0.0.1:5000/in", CancellationToken.None));
        Assert.Null(await policy.CheckAsync("http://localhost:5000/in", CancellationToken.None));
    }

    [Fact]
    public void the_handler_follows_no_redirects_and_uses_no_proxy_or_cookies()
    {
        var policy = new WebhookAddressPolicy(Production);
        using var handler = policy.CreateHandler();

        Assert.Same(policy.ConnectCallback, handler.ConnectCallback);
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseProxy);
        Assert.False(handler.UseCookies);
        Assert.Equal(TimeSpan.FromMinutes(2), handler.PooledConnectionLifetime);
    }

    [Fact]
    public async Task a_delivery_to_loopback_is_refused_before_any_connection_is_made()
    {
        await using var receiver = CountingReceiver.Start();
        using var client = new HttpClient(new WebhookAddressPolicy(PublicOverHttp).CreateHandler());

        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(receiver.Url));

        Assert.Contains("127.0.0.1 is a loopback address", refused.Message, StringComparison.Ordinal);
        Assert.IsType<WebhookAddressRefusedException>(refused.InnerException ?? refused);
        Assert.Equal(0, receiver.Connections);
    }

    [Fact]
    public async Task a_delivery_to_loopback_goes_through_when_private_networks_are_allowed()
    {
        await using var receiver = CountingReceiver.Start();
        using var client = new HttpClient(new WebhookAddressPolicy(Development).CreateHandler());

        using var response = await client.GetAsync(receiver.Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, receiver.Connections);
    }

    [Fact]
    public async Task a_name_that_rebinds_to_loopback_after_registration_is_refused_at_connect()
    {
        await using var receiver = CountingReceiver.Start();
        var answers = new Queue<IPAddress[]>([[IPAddress.Parse("93.184.215.14")], [IPAddress.Loopback]]);
        var policy = new WebhookAddressPolicy(PublicOverHttp, (_, _) => Task.FromResult(answers.Dequeue()));
        var url = $"http://hooks.example.test:{receiver.Port}/in";
        Assert.Null(await policy.CheckAsync(url, CancellationToken.None));
        using var client = new HttpClient(policy.CreateHandler());

        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(url));

        Assert.Contains("resolves to 127.0.0.1, a loopback address", refused.Message, StringComparison.Ordinal);
        Assert.Empty(answers);
        Assert.Equal(0, receiver.Connections);
    }

    [Fact]
    public async Task the_connection_goes_to_the_address_that_was_checked_not_to_a_fresh_lookup()
    {
        // hooks.example.test exists in no real DNS: reaching the receiver proves the connection used the checked answer.
        await using var receiver = CountingReceiver.Start();
        var policy = new WebhookAddressPolicy(Development, Resolves("127.0.0.1"));
        using var client = new HttpClient(policy.CreateHandler());

        using var response = await client.GetAsync($"http://hooks.example.test:{receiver.Port}/in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, receiver.Connections);
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolves(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());
}
