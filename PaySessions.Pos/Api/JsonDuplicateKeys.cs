using System.Text.Json;

namespace PaySessions.Pos.Api;

/// <summary>
/// Finds a property named twice in one JSON object (<c>{"amount":1,"amount":2}</c>). System.Text.Json on .NET 9 keeps the
/// last value silently, so two parties reading the same body could act on different amounts; such a body is refused
/// instead. (.NET 10's <c>AllowDuplicateProperties = false</c> does the same; this pass can go once we move.)
/// </summary>
public static class JsonDuplicateKeys
{
    /// <summary>The JSON path of the first repeated property, e.g. <c>$.payers[0].address</c>; null when there is none or the body is not JSON.</summary>
    public static string? Find(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        var open = new Stack<(HashSet<string>? Names, string Path, int Index)>();
        var path = "$";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push((new HashSet<string>(StringComparer.Ordinal), PathOfValue(open, path), 0));
                        break;
                    case JsonTokenType.StartArray:
                        open.Push((null, PathOfValue(open, path), 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        Advance(open);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var current = open.Peek();
                        path = $"{current.Path}.{name}";
                        if (!current.Names!.Add(name))
                        {
                            return path;
                        }

                        break;
                    default:
                        Advance(open);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Malformed JSON (or a name that is not valid UTF-8, which GetString refuses) is for the deserializer to describe.
            return null;
        }

        return null;
    }

    // A value inside an array is named by its index; inside an object by the property just read.
    private static string PathOfValue(Stack<(HashSet<string>? Names, string Path, int Index)> open, string propertyPath) =>
        open.Count == 0 ? "$" : open.Peek().Names is null ? $"{open.Peek().Path}[{open.Peek().Index}]" : propertyPath;

    private static void Advance(Stack<(HashSet<string>? Names, string Path, int Index)> open)
    {
        if (open.Count > 0 && open.Peek().Names is null)
        {
            var array = open.Pop();
            open.Push(array with { Index = array.Index + 1 });
        }
    }
}
