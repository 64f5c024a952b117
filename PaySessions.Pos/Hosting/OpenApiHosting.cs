using Microsoft.OpenApi;
using PaySessions.Pos.Api;

namespace PaySessions.Pos.Hosting;

/// <summary>
/// The OpenAPI document of the public APIs at <c>/swagger/v1/swagger.json</c> and its UI at <c>/swagger</c>, in every
/// environment: it documents what integrators may call, nothing more (sign-in forms and the dev chain are excluded).
/// </summary>
public static class OpenApiHosting
{
    public const string DocumentPath = "/swagger/v1/swagger.json";

    public static IServiceCollection AddPosOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "PaySessions API",
                Version = "v1",
                Description = "The checkout session API (sessions, transactions), key management and the voucher API of a "
                    + "PaySessions point of sale. Errors are RFC 7807 problem details with a stable `code`.",
            });
            swagger.AddSecurityDefinition(DocumentedAuth.PublishableKey, KeyHeader("X-Publishable-Key",
                "A publishable key (`pk_…`): safe in a till or web page; sessions and transactions, no `fxRate`."));
            swagger.AddSecurityDefinition(DocumentedAuth.SecretKey, KeyHeader("X-Api-Key",
                "The secret key (`ak_…`): every call, including `fxRate`, key management and payee sign-in. Keep it on your server."));
            swagger.AddSecurityDefinition(DocumentedAuth.VoucherToken, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A voucher API token: from `context-open` (payer) or `auth/sign-in` (payee).",
            });
            swagger.OperationFilter<OpenApiOperationFilter>();
            swagger.SchemaFilter<OpenApiSchemaFilter>();
        });
        return services;
    }

    public static WebApplication UsePosOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint(DocumentPath, "PaySessions API v1");
            ui.DocumentTitle = "PaySessions API";
        });
        return app;
    }

    private static OpenApiSecurityScheme KeyHeader(string header, string description) => new()
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = header,
        Description = description,
    };
}
