using System.Net;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Pages;

/// <summary>The installation settings belong to the installation's owner: a visitor is sent to sign in first.</summary>
public sealed class InstallationAccessTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    [Fact]
    public async Task a_visitor_asking_for_the_installation_settings_is_sent_to_sign_in()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.Pos.BaseUrl) };

        using var response = await client.GetAsync("/admin/installation");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?returnUrl=" + Uri.EscapeDataString("/admin/installation"), response.Headers.Location!.OriginalString.Replace(fixture.Pos.BaseUrl, ""));
    }
}
