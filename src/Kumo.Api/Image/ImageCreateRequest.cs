using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Objects.Images;

namespace Kumo.Api.Image;

/// <summary>POST /v2/images's body as Glance reads it: base attributes, an optional id, extra string properties.</summary>
public static class ImageCreateRequest
{
    /// <summary>Attributes a create may not name at all (Glance's _disallowed_properties).</summary>
    private static readonly IReadOnlySet<string> Disallowed = new HashSet<string>(StringComparer.Ordinal) { "direct_url", "self", "file", "schema", "stores" };

    public static ImageMeta Parse(JsonObject body)
    {
        foreach (var key in body.Select(p => p.Key).Where(Disallowed.Contains))
        {
            throw new Kumo.Image.ImageForbiddenException($"Attribute '{key}' is read-only.");
        }
        var image = new ImageMeta { Id = ParseId(body["id"]), Name = "", DiskFormat = "", ContainerFormat = "" };
        foreach (var (key, value) in body)
        {
            if (key == "id")
            {
                continue;
            }
            ImageFields.EnsureWritable(key);
            image = ImageFields.Set(image, key, value);
        }
        return image;
    }

    private static Guid ParseId(JsonNode? id)
    {
        if (id is null)
        {
            return Guid.Empty;
        }
        var text = id is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return text is { Length: 36 } && Guid.TryParseExact(text, "D", out var guid)
            ? guid
            : throw ApiException.BadRequest($"Invalid value for 'id': {id.ToJsonString()} is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).");
    }
}
