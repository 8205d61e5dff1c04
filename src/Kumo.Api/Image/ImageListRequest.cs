using Kumo.Api.Infrastructure;
using Kumo.Image;
using Kumo.Objects.Images;
using Microsoft.Extensions.Primitives;

namespace Kumo.Api.Image;

/// <summary>
/// GET /v2/images's query string as Glance reads it (RequestDeserializer.index): known filters are
/// validated (400 naming the parameter and value), any other parameter filters on an extra property;
/// sorting in the classic (sort_key/sort_dir, repeatable) or the new (sort=key:dir,...) syntax.
/// </summary>
public static class ImageListRequest
{
    /// <summary>Glance's limit_param_default.</summary>
    public const int DefaultLimit = 25;

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "limit", "marker", "name", "status", "visibility", "owner", "tag", "disk_format", "container_format", "size", "size_min",
        "size_max", "member_status", "os_hidden", "protected", "sort", "sort_key", "sort_dir", "changes-since",
    };

    public static ImageListQuery Parse(IQueryCollection query, int maxLimit)
    {
        if (query.ContainsKey("changes-since"))
        {
            throw ApiException.BadRequest("The \"changes-since\" filter is no longer available on v2.");
        }
        var visibility = One(query, "visibility");
        if (visibility is not (null or "community" or "public" or "private" or "shared" or "all"))
        {
            throw ApiException.BadRequest($"Invalid visibility value: {visibility}");
        }
        var memberStatus = One(query, "member_status") ?? "accepted";
        if (memberStatus is not ("pending" or "accepted" or "rejected" or "all"))
        {
            throw ApiException.BadRequest($"Invalid status: {memberStatus}");
        }
        return new ImageListQuery
        {
            Name = One(query, "name"),
            Status = Status(One(query, "status")),
            Visibility = visibility is null or "all" ? null : Enum.Parse<ImageVisibility>(visibility, ignoreCase: true),
            AllVisibilities = visibility == "all",
            Owner = One(query, "owner"),
            Tags = [.. query["tag"].Select(t => t!.Trim())],
            DiskFormat = One(query, "disk_format"),
            ContainerFormat = One(query, "container_format"),
            Size = Integer(query, "size"),
            SizeMin = Integer(query, "size_min"),
            SizeMax = Integer(query, "size_max"),
            MemberStatus = memberStatus == "all" ? null : Enum.Parse<ImageMemberStatus>(memberStatus, ignoreCase: true),
            OsHidden = Boolean(query, "os_hidden") ?? false,
            Protected = Boolean(query, "protected"),
            Properties = query.Where(p => !Known.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value.ToString()),
            Sort = Sort(query),
            Limit = Math.Min(Limit(One(query, "limit")), maxLimit),
            Marker = Marker(One(query, "marker")),
        };
    }

    private static string? One(IQueryCollection query, string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;

    private static ImageStatus? Status(string? status) => status switch
    {
        null => null,
        "queued" or "saving" or "active" or "killed" or "deleted" => Enum.Parse<ImageStatus>(status, ignoreCase: true),
        _ => throw ApiException.BadRequest($"Invalid status value: {status}. It must be one of queued, saving, active, killed, deleted."),
    };

    private static long? Integer(IQueryCollection query, string name) => One(query, name) switch
    {
        null => null,
        var text when long.TryParse(text, out var n) && n >= 0 => n,
        var text => throw ApiException.BadRequest($"Invalid value '{text}' for '{name}': it must be a non-negative integer."),
    };

    private static bool? Boolean(IQueryCollection query, string name) => One(query, name)?.ToLowerInvariant() switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var text => throw ApiException.BadRequest($"Invalid value '{text}' for '{name}' filter. Valid values are 'true' or 'false'."),
    };

    private static int Limit(string? text)
    {
        if (text is null)
        {
            return DefaultLimit;
        }
        if (!int.TryParse(text, out var limit))
        {
            throw ApiException.BadRequest("limit param must be an integer");
        }
        return limit >= 0 ? limit : throw ApiException.BadRequest("limit param must be positive");
    }

    private static Guid? Marker(string? text) => text switch
    {
        null => null,
        _ when Guid.TryParse(text, out var id) => id,
        _ => throw ApiException.BadRequest($"Invalid marker. Image {text} could not be found."),
    };

    private static IReadOnlyList<ImageSortKey> Sort(IQueryCollection query)
    {
        if (query.TryGetValue("sort", out var sort))
        {
            if (query.ContainsKey("sort_key") || query.ContainsKey("sort_dir"))
            {
                throw ApiException.BadRequest("Old and new sorting syntax cannot be combined");
            }
            return [.. sort.ToString().Split(',').Select(part =>
            {
                var (key, _, dir) = part.Partition(':');
                return new ImageSortKey(SortKey(key.Trim()), SortDescending(dir.Length == 0 ? "desc" : dir.Trim()));
            })];
        }
        var keys = query["sort_key"].Select(k => SortKey(k!.Trim())).ToList();
        var dirs = query["sort_dir"].Select(d => SortDescending(d!.Trim())).ToList();
        if (dirs.Count > 1 && dirs.Count != keys.Count)
        {
            throw ApiException.BadRequest("Number of sort dirs does not match the number of sort keys");
        }
        if (keys.Count == 0)
        {
            keys.Add("created_at");
        }
        return [.. keys.Select((k, i) => new ImageSortKey(k, dirs.Count == 0 || (dirs.Count == 1 ? dirs[0] : dirs[i])))];
    }

    private static string SortKey(string key) => ImageListQuery.SortKeys.Contains(key)
        ? key
        : throw ApiException.BadRequest($"Invalid sort key: {key}. It must be one of the following: {string.Join(", ", ImageListQuery.SortKeys)}.");

    private static bool SortDescending(string dir) => dir switch
    {
        "asc" => false,
        "desc" => true,
        _ => throw ApiException.BadRequest($"Invalid sort direction: {dir}"),
    };

    private static (string Before, string Separator, string After) Partition(this string text, char separator)
    {
        var at = text.IndexOf(separator);
        return at < 0 ? (text, "", "") : (text[..at], separator.ToString(), text[(at + 1)..]);
    }

    /// <summary>The query string again, for Glance's first and next links (marker dropped or replaced).</summary>
    public static string Link(IQueryCollection query, Guid? marker)
    {
        var pairs = query.Where(p => p.Key != "marker")
            .SelectMany(p => ((StringValues)p.Value).Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .ToList();
        if (marker is { } m)
        {
            pairs.Add($"marker={m}");
        }
        return pairs.Count == 0 ? "/v2/images" : "/v2/images?" + string.Join('&', pairs);
    }
}
