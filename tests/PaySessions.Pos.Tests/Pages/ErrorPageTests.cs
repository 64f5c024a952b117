using System.Net;
using System.Net.Http.Headers;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Pages;

/// <summary>A request for a page that fails shows the HTML error page, never JSON and never the exception.</summary>
public sealed class ErrorPageTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(mapTestEndpoints: FailingEndpoints.Map);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task a_failing_page_request_shows_the_error_page()
    {
        using var browser = new HttpClient { BaseAddress = new Uri(_pos.BaseUrl) };
        browser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await browser.GetAsync(FailingEndpoints.PagePath);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(">Something went wrong</h1>", html);
        Assert.DoesNotContain(FailingEndpoints.Secret, html);
    }

    [Fact]
    public async Task a_failing_page_request_is_a_page_even_for_a_client_that_accepts_json()
    {
        using var client = _pos.Client();

        using var response = await client.GetAsync(FailingEndpoints.PagePath);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(FailingEndpoints.Secret, await response.Content.ReadAsStringAsync());
    }
}
