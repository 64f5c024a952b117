namespace PaySessions.Pos.Api;

/// <summary>
/// Which credentials an endpoint accepts, for the OpenAPI document only (the filters enforce them). Any one of the
/// schemes is enough; the last one set on an endpoint wins, so a group's default can be narrowed per endpoint.
/// </summary>
public sealed record DocumentedAuth(IReadOnlyList<string> Schemes)
{
    public const string PublishableKey = "publishableKey";

    public const string SecretKey = "secretKey";

    public const string VoucherToken = "voucherToken";

    /// <summary>Not a scheme: the endpoint also answers without credentials (an empty requirement in the document).</summary>
    public const string Anonymous = "";
}

/// <summary>What our endpoints declare for the OpenAPI document beyond their typed results.</summary>
public static class ApiDocs
{
    /// <summary>Credentials the caller may send (documentation; <see cref="ApiAuth"/> and <see cref="VoucherAuthFilter"/> enforce).</summary>
    public static TBuilder Authenticated<TBuilder>(this TBuilder builder, params string[] schemes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new DocumentedAuth(schemes));

    /// <summary>
    /// The JSON body the handler reads through <see cref="ApiJson"/> (invisible to the API explorer otherwise), and the
    /// problems a body can cause: invalid (400), too large (413), not JSON (415).
    /// </summary>
    public static RouteHandlerBuilder ReadsJson<TBody>(this RouteHandlerBuilder builder)
        where TBody : notnull => builder
            .Accepts<TBody>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    /// <summary>Problem details (RFC 7807, with <c>code</c>) the endpoint may answer with.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
