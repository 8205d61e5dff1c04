using System.Text.Json.Nodes;

namespace Kumo.OsVif.Ovs;

/// <summary>OVSDB's JSON encoding of values (RFC 7047 §5.1): ["map", [[k, v], ...]], ["set", [...]], atoms.</summary>
internal static class OvsdbJson
{
    public static IReadOnlyDictionary<string, string> Map(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonArray { Count: 2 } pair && (string?)pair[0] == "map" && pair[1] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonArray>())
            {
                map[(string?)entry[0] ?? ""] = entry[1]?.ToString() ?? "";
            }
        }
        return map;
    }

    /// <summary>An integer atom, or -1 for an empty set (e.g. an ofport not assigned yet).</summary>
    public static int Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var i) ? i : -1;
}
