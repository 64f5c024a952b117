using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using PaySessions.Pos.Api;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PaySessions.Pos.Hosting;

/// <summary>
/// Puts each endpoint's <see cref="DocumentedAuth"/> on its operation (any one of the schemes is enough), and declares
/// route values that a filter reads rather than the handler (<c>accountId</c> of the key routes).
/// </summary>
public sealed partial class OpenApiOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        DeclareRouteValues(operation, context.ApiDescription.RelativePath ?? "");
        var auth = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<DocumentedAuth>().LastOrDefault();
        if (auth is null)
        {
            return;
        }

        operation.Security = auth.Schemes
            .Select(scheme => scheme == DocumentedAuth.Anonymous
                ? new OpenApiSecurityRequirement()
                : new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] })
            .ToList();
    }

    private static void DeclareRouteValues(OpenApiOperation operation, string template)
    {
        foreach (Match value in RouteValue().Matches(template))
        {
            var name = value.Groups["name"].Value;
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name))
            {
                continue;
            }

            var isGuid = value.Groups["constraint"].Value == "guid";
            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = isGuid ? "uuid" : null },
            });
        }
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:(?<constraint>\w+))?\}")]
    private static partial Regex RouteValue();
}

/// <summary>
/// Adds what the serializer writes but reflection cannot see: the problem extensions (<c>code</c>, <c>traceId</c>,
/// <c>errors</c>) and the example request bodies of <see cref="ApiExamples"/>.
/// </summary>
public sealed class OpenApiSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        if (context.Type == typeof(ProblemDetails) || context.Type == typeof(HttpValidationProblemDetails))
        {
            AddProblemExtensions(concrete);
        }
        else if (ApiExamples.For(context.Type) is { } example)
        {
            concrete.Examples = [example];
        }
    }

    private static void AddProblemExtensions(OpenApiSchema schema)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Stable machine-readable error code, e.g. `validation_failed`, `not_found`, `session_closed`.",
        };
        schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when asking for support." };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "For `validation_failed`: the fields at fault, each with its messages.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Required ??= new HashSet<string>();
        schema.Required.Add("code");
        schema.Examples = [new JsonObject
        {
            ["type"] = "https://paysessions.dev/errors/not_found",
            ["title"] = "not found",
            ["status"] = 404,
            ["detail"] = "Session was not found.",
            ["code"] = "not_found",
            ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        }];
    }
}
