using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Network;

/// <summary>
/// Neutron's list behaviour over rendered resources: any attribute as a filter (repeated: any of the
/// values; booleans case-insensitive; list attributes by membership; fixed_ips by "ip_address=" or
/// "subnet_id="), sort_key/sort_dir, limit/marker/page_reverse paging with <c>&lt;collection&gt;_links</c>,
/// and <c>fields</c> to pick attributes.
/// </summary>
public static class NeutronListing
{
    private static readonly HashSet<string> Controls = ["fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse"];

    public static JsonObject List(HttpRequest request, string collection, IEnumerable<JsonObject> items, string selfUrl)
    {
        var query = request.Query;
        var filtered = items.Where(item => query.Where(q => !Controls.Contains(q.Key)).All(q => Matches(item, q.Key, q.Value!))).ToList();
        var sorted = Sort(filtered, query["sort_key"], query["sort_dir"]);
        var limit = ParseLimit(query["limit"]);
        var reverse = string.Equals(query["page_reverse"], "true", StringComparison.OrdinalIgnoreCase);
        var marker = query["marker"].ToString();
        var page = Page(sorted, marker, limit, reverse, out var more);
        var result = new JsonObject { [collection] = new JsonArray([.. page.Select(item => (JsonNode)Fields(request, item))]) };
        var links = new JsonArray();
        if (limit is { } size && page.Count > 0)
        {
            if (more || reverse && marker.Length > 0)
            {
                links.Add(Link(selfUrl, request, size, Id(page[^1]), reverse: false, "next"));
            }
            if (marker.Length > 0 && (!reverse || more))
            {
                links.Add(Link(selfUrl, request, size, Id(page[0]), reverse: true, "previous"));
            }
        }
        if (links.Count > 0)
        {
            result[collection + "_links"] = links;
        }
        return result;
    }

    /// <summary>One resource, narrowed to the requested fields.</summary>
    public static JsonObject Fields(HttpRequest request, JsonObject item)
    {
        var fields = request.Query["fields"].Where(f => !string.IsNullOrEmpty(f)).ToList();
        if (fields.Count == 0)
        {
            return item;
        }
        var picked = new JsonObject();
        foreach (var field in fields.Distinct())
        {
            if (item.TryGetPropertyValue(field!, out var value))
            {
                picked[field!] = value?.DeepClone();
            }
        }
        return picked;
    }

    private static bool Matches(JsonObject item, string attribute, IEnumerable<string> values)
    {
        if (!item.TryGetPropertyValue(attribute, out var node))
        {
            return true;
        }
        return values.Any(value => node switch
        {
            JsonArray list when attribute == "fixed_ips" => list.OfType<JsonObject>().Any(ip => value.Split('=', 2) is [var key, var wanted] && Text(ip[key]) == wanted),
            JsonArray list => list.Any(element => Text(element) == value),
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => string.Equals(Text(v), value, StringComparison.OrdinalIgnoreCase),
            _ => Text(node) == value,
        });
    }

    private static List<JsonObject> Sort(List<JsonObject> items, IReadOnlyList<string?> keys, IReadOnlyList<string?> dirs)
    {
        if (keys.Count != dirs.Count && dirs.Count > 0)
        {
            throw ApiException.BadRequest("The number of sort_keys and sort_dirs must be same");
        }
        IOrderedEnumerable<JsonObject>? ordered = null;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i]!;
            var descending = dirs.Count > 0 && dirs[i] switch
            {
                "asc" => false,
                "desc" => true,
                var d => throw ApiException.BadRequest($"{d} is invalid attribute for sort_dir"),
            };
            if (items.Count > 0 && !items[0].ContainsKey(key))
            {
                throw ApiException.BadRequest($"{key} is invalid attribute for sort_key");
            }
            Func<JsonObject, string> by = item => Text(item[key]);
            ordered = ordered is null
                ? descending ? items.OrderByDescending(by, StringComparer.Ordinal) : items.OrderBy(by, StringComparer.Ordinal)
                : descending ? ordered.ThenByDescending(by, StringComparer.Ordinal) : ordered.ThenBy(by, StringComparer.Ordinal);
        }
        // Paging needs a total order: the id breaks ties, as Neutron appends it to the sort keys.
        return (ordered is null ? items.OrderBy(Id, StringComparer.Ordinal) : ordered.ThenBy(Id, StringComparer.Ordinal)).ToList();
    }

    private static List<JsonObject> Page(List<JsonObject> sorted, string marker, int? limit, bool reverse, out bool more)
    {
        var at = marker.Length == 0 ? -1 : sorted.FindIndex(item => Id(item) == marker);
        IEnumerable<JsonObject> window = reverse
            ? (at < 0 ? sorted : sorted.Take(at)).Reverse()
            : at < 0 ? sorted : sorted.Skip(at + 1);
        var candidates = window.ToList();
        more = limit is { } l && candidates.Count > l;
        var page = limit is { } n ? candidates.Take(n).ToList() : candidates;
        if (reverse)
        {
            page.Reverse();
        }
        return page;
    }

    private static int? ParseLimit(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? limit == 0 ? null : limit
            : throw ApiException.BadRequest($"Invalid input for limit. Reason: '{text}' is not an integer.");
    }

    private static JsonObject Link(string selfUrl, HttpRequest request, int limit, string marker, bool reverse, string rel)
    {
        var kept = request.Query.Where(q => q.Key is not ("limit" or "marker" or "page_reverse"))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
        var parts = kept.Append($"limit={limit}").Append($"marker={marker}");
        if (reverse)
        {
            parts = parts.Append("page_reverse=True");
        }
        return new JsonObject { ["href"] = $"{selfUrl}?{string.Join('&', parts)}", ["rel"] = rel };
    }

    private static string Id(JsonObject item) => Text(item["id"]);

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "True" : "False",
        _ => node.ToJsonString(),
    };
}
