using System.Text.Json.Serialization;

namespace PaySessions.Pos.Api;

// Wire shapes of key management, as the checkout vendor's reference gives them. Do not rename.

public sealed record CreateKeyRequest(string? KeyType = null, string? Name = null);

/// <summary>
/// <c>privateKey</c> is always <c>""</c>: we issue no signing key pair, and keep the field so clients written against
/// the reference read the answer unchanged. <c>uuid</c> is our addition, so a key can be revoked without listing first.
/// </summary>
public sealed record CreatedKeyResponse(
    [property: JsonPropertyName("generatedKey")] string GeneratedKey,
    [property: JsonPropertyName("privateKey")] string PrivateKey,
    [property: JsonPropertyName("uuid")] string Uuid);

public sealed record KeyListResponse([property: JsonPropertyName("keys")] KeyGroups Keys);

public sealed record KeyGroups(
    [property: JsonPropertyName("api")] IReadOnlyList<KeyEntry> Api,
    [property: JsonPropertyName("publishable")] IReadOnlyList<KeyEntry> Publishable);

/// <summary>One key, without its secret: <c>key</c> is the prefix it starts with.</summary>
public sealed record KeyEntry(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("name")] string Name);
