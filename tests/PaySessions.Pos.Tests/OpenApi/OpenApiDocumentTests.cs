using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Pos.Api;
using PaySessions.Pos.Hosting;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.OpenApi;

/// <summary>The OpenAPI document integrators read: complete, valid for their tools, and true to the wire.</summary>
public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    private TestPos _pos = null!;
    private JsonObject _document = null!;
    private string _documentText = "";

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync();
        using var client = _pos.Client();
        _documentText = await client.GetStringAsync(OpenApiHosting.DocumentPath);
        _document = JsonNode.Parse(_documentText)!.AsObject();
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public void every_public_route_of_the_app_is_in_the_document_and_the_sign_in_forms_are_not()
    {
        var paths = _document["paths"]!.AsObject();
        var mapped = MappedApiRoutes();
        Assert.Contains(mapped, r => r == "POST /session");
        Assert.Contains(mapped, r => r == "POST /api/v1/vouchers/{id}/resolve-voucher");

        var missing = mapped.Where(route =>
        {
            var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
            return paths[path]?[method.ToLowerInvariant()] is null;
        }).ToList();

        Assert.Empty(missing);
        Assert.Equal(mapped.Count, paths.Sum(p => p.Value!.AsObject().Count));
        Assert.DoesNotContain(paths, p => p.Key.StartsWith("/account/", StringComparison.Ordinal) || p.Key.StartsWith("/dev/", StringComparison.Ordinal));
    }

    [Fact]
    public void every_operation_has_a_summary_and_the_authenticated_ones_say_which_credential()
    {
        foreach (var (path, item) in _document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
                Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{method} {path} has no description");
                // Anonymous: opening a payer context, the store pages, and the voucher reference's finance endpoints.
                var needsCredential = path != "/api/v1/vouchers/contexts/context-open" && !path.StartsWith("/stores/", StringComparison.Ordinal)
                    && !path.StartsWith("/api/v1/finance/", StringComparison.Ordinal);
                Assert.Equal(needsCredential, operation["security"] is JsonArray { Count: > 0 });
                var declared = (operation["parameters"] as JsonArray ?? []).Where(p => p!["in"]!.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>());
                Assert.Equal(Regex.Matches(path, @"\{(\w+)\}").Select(m => m.Groups[1].Value).Order(), declared.Order());
            }
        }

        var schemes = _document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("X-Publishable-Key", schemes[DocumentedAuth.PublishableKey]!["name"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", schemes[DocumentedAuth.SecretKey]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes[DocumentedAuth.VoucherToken]!["scheme"]!.GetValue<string>());
        var keys = Operation("post", "/accounts/{accountId}/keys");
        Assert.Equal(DocumentedAuth.SecretKey, Assert.Single(keys["security"]!.AsArray())!.AsObject().Single().Key);
    }

    [Fact]
    public void request_bodies_carry_the_wire_names_and_an_example_the_api_accepts()
    {
        var create = Operation("post", "/session")["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var schema = Schema(create);
        Assert.Equal(["amount", "amountCurrency", "descriptor", "fxRate", "referenceNumber"], schema["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("USD", schema["example"]!["amountCurrency"]!.GetValue<string>());

        var created = Schema(Operation("post", "/session")["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
        Assert.Equal(["qrData", "sessionID"], created["properties"]!.AsObject().Select(p => p.Key).Order());

        foreach (var (type, example) in ApiExamples.Requests)
        {
            // The reader the API uses, strict as it is: an example with a misspelt or mistyped field would not bind.
            var read = JsonSerializer.Deserialize(example, type, ApiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            Assert.NotNull(read);
            Assert.Equal(JsonNode.Parse(example)!.ToJsonString(), JsonSerializer.SerializeToNode(read, type, new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            })!.ToJsonString());
        }
    }

    [Fact]
    public void problems_are_documented_as_problem_details_with_their_code()
    {
        var notFound = Operation("get", "/session/{sessionId}")["responses"]!["404"]!["content"]!["application/problem+json"]!["schema"]!;
        var problem = Schema(notFound);
        Assert.Equal("string", problem["properties"]!["code"]!["type"]!.GetValue<string>());
        Assert.Contains("code", problem["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.NotNull(Operation("post", "/session")["responses"]!["401"]);
        Assert.NotNull(Operation("post", "/api/v1/vouchers/{id}/redeem-voucher")["responses"]!["400"]);
    }

    [Fact]
    public async Task swagger_parser_finds_the_document_valid()
    {
        var file = Path.Combine(Path.GetTempPath(), $"paysessions-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, _documentText);
        try
        {
            var (exitCode, output) = await RunNodeAsync(Path.Combine(RepositoryRoot(), "tests", "js", "validate-openapi.mjs"), file);
            Assert.True(exitCode == 0, $"validate-openapi.mjs exited {exitCode}: {output}");
            Assert.StartsWith("valid: PaySessions API v1", output.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task the_ui_is_served_at_swagger()
    {
        using var client = _pos.Client();
        using var response = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }

    /// <summary>"METHOD /path" of every route handler the app maps for callers, route constraints dropped as OpenAPI writes them.</summary>
    private List<string> MappedApiRoutes() => _pos.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<MethodInfo>() is not null && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
        .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
            .Select(method => $"{method} {Constraint().Replace("/" + e.RoutePattern.RawText!.Trim('/'), "}")}"))
        .ToList();

    private JsonObject Operation(string method, string path) => _document["paths"]![path]![method]!.AsObject();

    private JsonObject Schema(JsonNode schemaOrRef) => schemaOrRef["$ref"] is { } reference
        ? _document["components"]!["schemas"]![reference.GetValue<string>().Split('/').Last()]!.AsObject()
        : schemaOrRef.AsObject();

    // No node, or no npm ci in tests/js: the start or the import fails, and so does the test (never a skip).
    internal static Task<(int ExitCode, string Output)> RunNodeAsync(params string[] arguments) =>
        ChildProcess.RunAsync("node", TimeSpan.FromSeconds(60), arguments);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaySessions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("PaySessions.sln was not found above the test's output directory.");
    }

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex Constraint();
}
