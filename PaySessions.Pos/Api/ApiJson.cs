using System.Text.Json;
using System.Text.Json.Serialization;
using PaySessions.Core.Common;

namespace PaySessions.Pos.Api;

/// <summary>
/// Reads request bodies ourselves instead of through model binding, so that every malformed or mistyped body
/// becomes a problem-details answer with a stable code rather than an empty 400 or an exception.
/// </summary>
public static class ApiJson
{
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.MaxDepth = 16;
        return options;
    }

    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is { Length: > 0 } contentType && !IsJson(contentType))
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.UnsupportedMediaType, $"Send the body as application/json, not {contentType}.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.InvalidJson, "The request body is empty; send a JSON object.");
        }

        var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (JsonDuplicateKeys.Find(json, Options.MaxDepth) is { } repeated)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.DuplicateKey,
                $"The body names {repeated} more than once; send each field once.");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(json, Options);
            return value is null
                ? new PayError(PayErrorKind.Invalid, ErrorCodes.ValidationFailed, "The request body must be a JSON object, not null.")
                : value;
        }
        catch (JsonException ex) when (IsTypeMismatch(ex))
        {
            var field = FieldOf(ex.Path);
            return field.Length == 0
                ? new PayError(PayErrorKind.Invalid, ErrorCodes.ValidationFailed, "The request body must be a JSON object.")
                : PayError.Validation(field, $"{field} has the wrong type or a value out of range.");
        }
        catch (JsonException ex)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.InvalidJson,
                $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
    }

    private static PayError TooLarge() =>
        new(PayErrorKind.Invalid, ErrorCodes.PayloadTooLarge, $"The request body exceeds {MaxBodyBytes} bytes.");

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    // System.Text.Json reports a well-formed value of the wrong type with a path and no inner reader error.
    private static bool IsTypeMismatch(JsonException ex) =>
        ex.Path is not null && ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);

    private static string FieldOf(string? path) =>
        path is null || path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
