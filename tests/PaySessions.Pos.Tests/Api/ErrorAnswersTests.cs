using System.Net;
using System.Net.Http.Headers;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>Whatever goes wrong in an API call, the answer is problem+json with a stable code, even when no handler ran.</summary>
public sealed class ErrorAnswersTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(mapTestEndpoints: FailingEndpoints.Map);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task an_exception_in_an_api_call_is_a_500_problem_that_keeps_the_exception_to_itself()
    {
        using var client = _pos.Client();

        using var response = await client.GetAsync(FailingEndpoints.ApiPath);

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain(FailingEndpoints.Secret, problem.ToString());
    }

    [Fact]
    public async Task an_api_call_from_a_browser_still_gets_problem_json()
    {
        using var browser = BrowserLike();

        await (await browser.GetAsync(FailingEndpoints.ApiPath)).ProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        await (await browser.GetAsync("/session/not-a-uuid")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("/session/not-a-uuid")]
    [InlineData("/session/not-a-uuid/assets")]
    [InlineData("/transaction/12345")]
    [InlineData("/api/v1/no-such-thing")]
    public async Task an_unknown_api_address_is_a_404_problem(string path)
    {
        var (_, keys) = await _pos.NewMerchantAsync();
        using var client = _pos.Client(apiKey: keys.ApiKey);

        var problem = await (await client.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Contains(path, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_wrong_method_on_an_api_address_is_a_405_problem_naming_the_allowed_one()
    {
        var (_, keys) = await _pos.NewMerchantAsync();
        using var client = _pos.Client(apiKey: keys.ApiKey);

        var problem = await (await client.GetAsync("/session")).ProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");

        Assert.Contains("POST", problem.GetProperty("detail").GetString());
        await (await client.DeleteAsync($"/transaction/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    private HttpClient BrowserLike()
    {
        var client = new HttpClient { BaseAddress = new Uri(_pos.BaseUrl) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return client;
    }
}
