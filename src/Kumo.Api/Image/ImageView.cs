using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Objects.Images;

namespace Kumo.Api.Image;

/// <summary>
/// An image as Glance v2 writes it (glance/api/v2/images.py ResponseSerializer._format_image): extra
/// properties at the top level, every base attribute present (null when unset), links relative to the
/// endpoint (<c>/v2/images/{id}</c>), times as ISO-8601 seconds with Z.
/// </summary>
public static class ImageView
{
    public static JsonObject Show(ImageMeta image)
    {
        var view = new JsonObject();
        foreach (var (key, value) in image.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            view[key] = value;
        }
        view["name"] = image.Name;
        view["disk_format"] = NullIfEmpty(image.DiskFormat);
        view["container_format"] = NullIfEmpty(image.ContainerFormat);
        view["visibility"] = Lower(image.Visibility);
        view["size"] = image.Size;
        view["virtual_size"] = image.VirtualSize;
        view["status"] = Lower(image.Status);
        view["checksum"] = image.Checksum;
        view["protected"] = image.Protected;
        view["min_ram"] = image.MinRamMb;
        view["min_disk"] = image.MinDiskGb;
        view["owner"] = image.Owner;
        view["os_hidden"] = image.OsHidden;
        view["os_hash_algo"] = image.OsHashAlgo;
        view["os_hash_value"] = image.OsHashValue;
        view["id"] = image.Id.ToString();
        view["created_at"] = Time(image.CreatedAt);
        view["updated_at"] = Time(image.UpdatedAt);
        view["tags"] = new JsonArray([.. image.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]);
        view["self"] = $"/v2/images/{image.Id}";
        view["file"] = $"/v2/images/{image.Id}/file";
        view["schema"] = "/v2/schemas/image";
        return view;
    }

    public static JsonObject Member(ImageMember member) => new()
    {
        ["created_at"] = Time(member.CreatedAt),
        ["updated_at"] = Time(member.UpdatedAt),
        ["image_id"] = member.ImageId.ToString(),
        ["member_id"] = member.MemberId,
        ["status"] = Lower(member.Status),
        ["schema"] = "/v2/schemas/member",
    };

    /// <summary>oslo's isotime: second precision, UTC, "Z".</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
