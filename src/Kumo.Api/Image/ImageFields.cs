using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Image;
using Kumo.Objects.Images;

namespace Kumo.Api.Image;

/// <summary>
/// Glance's image attributes as a request may name them (glance/api/v2/images.py RequestDeserializer
/// and the image schema): read-only ones (403), reserved ones (403), the base attributes a user sets,
/// and extra properties (any other name, string values).
/// </summary>
public static class ImageFields
{
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "created_at", "updated_at", "status", "checksum", "size", "virtual_size", "direct_url", "self", "file", "schema", "id",
        "os_hash_algo", "os_hash_value", "stores", "locations",
    };

    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { "location", "deleted", "deleted_at" };

    /// <summary>Properties under os_glance belong to Glance itself (GLANCE_RESERVED_NS).</summary>
    public const string ReservedNamespace = "os_glance";

    public static readonly IReadOnlySet<string> Settable = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "visibility", "protected", "os_hidden", "container_format", "disk_format", "min_ram", "min_disk", "owner", "tags",
    };

    /// <summary>403 for a read-only or reserved name, 400 for a name longer than 255.</summary>
    public static void EnsureWritable(string key)
    {
        if (ReadOnly.Contains(key))
        {
            throw new ImageForbiddenException($"Attribute '{key}' is read-only.");
        }
        if (Reserved.Contains(key) || key.StartsWith(ReservedNamespace, StringComparison.Ordinal))
        {
            throw new ImageForbiddenException($"Attribute '{key}' is reserved.");
        }
        if (key.Length is 0 or > 255)
        {
            throw ApiException.BadRequest("Custom property names must be 1 to 255 characters.");
        }
    }

    /// <summary>Sets a base attribute or an extra property from its JSON value, validating the type as Glance's schema does.</summary>
    public static ImageMeta Set(ImageMeta image, string key, JsonNode? value) => key switch
    {
        "name" => image with { Name = NullableString(key, value, 255) ?? "" },
        "visibility" => image with { Visibility = Visibility(value) },
        "protected" => image with { Protected = Boolean(key, value) },
        "os_hidden" => image with { OsHidden = Boolean(key, value) },
        "container_format" => image with { ContainerFormat = Format(key, value, ImageFormats.ContainerFormats) },
        "disk_format" => image with { DiskFormat = Format(key, value, ImageFormats.DiskFormats) },
        "min_ram" => image with { MinRamMb = NonNegative(key, value) },
        "min_disk" => image with { MinDiskGb = NonNegative(key, value) },
        "owner" => image with { Owner = NullableString(key, value, 255) },
        "tags" => image with { Tags = Tags(value) },
        _ => image with { Properties = new Dictionary<string, string>(image.Properties) { [key] = ExtraValue(key, value) } },
    };

    private static string ExtraValue(string key, JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw Invalid(key, value, "is not of type 'string'");

    private static string? NullableString(string key, JsonNode? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        var text = ExtraValue(key, value);
        return text.Length <= maxLength ? text : throw Invalid(key, value, $"is longer than {maxLength} characters");
    }

    private static bool Boolean(string key, JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw Invalid(key, value, "is not of type 'boolean'");

    private static int NonNegative(string key, JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n >= 0
            ? n
            : throw Invalid(key, value, "is not a non-negative integer");

    private static string Format(string key, JsonNode? value, IReadOnlySet<string> valid)
    {
        if (value is null)
        {
            return "";
        }
        var format = ExtraValue(key, value);
        return valid.Contains(format)
            ? format
            : throw ApiException.BadRequest($"Invalid value '{format}' for '{key}': it must be one of {string.Join(", ", valid.Order())}.");
    }

    private static ImageVisibility Visibility(JsonNode? value)
    {
        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return text is "public" or "private" or "shared" or "community"
            ? Enum.Parse<ImageVisibility>(text, ignoreCase: true)
            : throw ApiException.BadRequest($"Invalid visibility value: {value?.ToJsonString() ?? "null"}. It must be one of community, public, private, shared.");
    }

    private static IReadOnlyList<string> Tags(JsonNode? value)
    {
        if (value is not JsonArray array)
        {
            throw Invalid("tags", value, "is not of type 'array'");
        }
        var tags = new List<string>();
        foreach (var item in array)
        {
            var tag = NullableString("tags", item, 255) ?? throw Invalid("tags", item, "is not of type 'string'");
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }
        return tags;
    }

    private static ApiException Invalid(string key, JsonNode? value, string problem) =>
        ApiException.BadRequest($"Invalid value for '{key}': {value?.ToJsonString() ?? "null"} {problem}.");
}
