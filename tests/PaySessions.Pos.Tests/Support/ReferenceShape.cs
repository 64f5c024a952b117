using System.Text.Json;
using System.Text.RegularExpressions;

namespace PaySessions.Pos.Tests.Support;

/// <summary>
/// Checks a response against the voucher reference's field tables: each named field present with its type
/// (<c>string</c>, <c>object</c>, <c>array</c>, <c>bool</c>, <c>number</c>, or <c>time</c>: an ISO-8601 UTC string with
/// milliseconds, as the reference writes timestamps), and fields the reference leaves out absent rather than null.
/// </summary>
public static partial class ReferenceShape
{
    /// <param name="fields">"name:type" pairs; a dotted name reaches into objects (<c>wallet.address:string</c>).</param>
    public static void Has(JsonElement element, params string[] fields)
    {
        foreach (var field in fields)
        {
            var (path, type) = (field[..field.LastIndexOf(':')], field[(field.LastIndexOf(':') + 1)..]);
            var value = element;
            foreach (var name in path.Split('.'))
            {
                Assert.True(value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out value), $"no {path} in {element}");
            }

            var ok = type switch
            {
                "string" => value.ValueKind == JsonValueKind.String,
                "time" => value.ValueKind == JsonValueKind.String && Timestamp().IsMatch(value.GetString()!),
                "object" => value.ValueKind == JsonValueKind.Object,
                "array" => value.ValueKind == JsonValueKind.Array,
                "bool" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "number" => value.ValueKind == JsonValueKind.Number,
                _ => throw new ArgumentException($"unknown type {type}"),
            };
            Assert.True(ok, $"{path} should be {type} in {element}");
        }
    }

    /// <summary>Fields that must be left out (the reference omits what does not apply; never null).</summary>
    public static void Lacks(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.False(element.TryGetProperty(name, out _), $"{name} should be absent in {element}");
        }

        Assert.DoesNotContain(element.EnumerateObject(), p => p.Value.ValueKind == JsonValueKind.Null);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex Timestamp();
}
