using System.Text.Json;

namespace PaySessions.Pos.Tests.Support;

/// <summary>The JSON type a reference gives a field. <see cref="Uuid"/> and <see cref="Integer"/> are the narrower readings it states.</summary>
public enum Documented
{
    String,

    /// <summary>A string holding a bare UUID (the checkout reference: "no type prefix").</summary>
    Uuid,

    Number,

    /// <summary>A number without a fraction (statuses are integers).</summary>
    Integer,

    Boolean,
    Object,
    Array,
}

/// <summary>
/// Checks an answer against a reference's field list: each documented field present, with the documented JSON type.
/// Every mismatch is reported at once, with the answer, so one run shows the whole gap. Fields we add are allowed.
/// </summary>
public static class DocumentedFields
{
    public static void AssertHas(JsonElement answer, string what, params (string Field, Documented Type)[] fields)
    {
        Assert.True(answer.ValueKind == JsonValueKind.Object, $"{what}: expected a JSON object, got {answer.ValueKind}: {answer.GetRawText()}");
        var problems = new List<string>();
        foreach (var (field, type) in fields)
        {
            if (!answer.TryGetProperty(field, out var value))
            {
                problems.Add($"no \"{field}\"");
            }
            else if (!Is(value, type))
            {
                problems.Add($"\"{field}\" is {value.GetRawText()}, not {type.ToString().ToLowerInvariant()}");
            }
        }

        Assert.True(problems.Count == 0, $"{what}: {string.Join("; ", problems)}\n{answer.GetRawText()}");
    }

    private static bool Is(JsonElement value, Documented type) => type switch
    {
        Documented.String => value.ValueKind == JsonValueKind.String,
        Documented.Uuid => value.ValueKind == JsonValueKind.String && Guid.TryParseExact(value.GetString(), "D", out _),
        Documented.Number => value.ValueKind == JsonValueKind.Number,
        Documented.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        Documented.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        Documented.Object => value.ValueKind == JsonValueKind.Object,
        Documented.Array => value.ValueKind == JsonValueKind.Array,
        _ => false,
    };
}
