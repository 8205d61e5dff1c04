using System.Text.Json.Nodes;
using Kumo.Image;

namespace Kumo.Api.Image;

/// <summary>
/// The JSON schemas Glance publishes under /v2/schemas (glanceclient and Tempest read them): the image
/// with its base properties (extra properties are strings), the image list, the member and members.
/// </summary>
public static class ImageSchemas
{
    private const string UuidPattern = "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$";

    public static JsonObject Image() => new()
    {
        ["name"] = "image",
        ["properties"] = ImageProperties(),
        ["additionalProperties"] = new JsonObject { ["type"] = "string" },
        ["links"] = Links(("self", "{self}"), ("enclosure", "{file}"), ("describedby", "{schema}")),
    };

    public static JsonObject Images() => new()
    {
        ["name"] = "images",
        ["properties"] = new JsonObject
        {
            ["images"] = new JsonObject { ["type"] = "array", ["items"] = Image() },
            ["schema"] = new JsonObject { ["type"] = "string" },
            ["first"] = new JsonObject { ["type"] = "string" },
            ["next"] = new JsonObject { ["type"] = "string" },
        },
        ["links"] = Links(("first", "{first}"), ("next", "{next}"), ("describedby", "{schema}")),
    };

    public static JsonObject Member() => new()
    {
        ["name"] = "member",
        ["properties"] = new JsonObject
        {
            ["created_at"] = Property("string", "Date and time of image member creation"),
            ["image_id"] = Property("string", "An identifier for the image", pattern: UuidPattern),
            ["member_id"] = Property("string", "An identifier for the image member (project id)"),
            ["status"] = Property("string", "The status of this image member", values: ["pending", "accepted", "rejected"]),
            ["updated_at"] = Property("string", "Date and time of last modification of image member"),
            ["schema"] = Property("string", "", readOnly: true),
        },
    };

    public static JsonObject Members() => new()
    {
        ["name"] = "members",
        ["properties"] = new JsonObject
        {
            ["members"] = new JsonObject { ["type"] = "array", ["items"] = Member() },
            ["schema"] = new JsonObject { ["type"] = "string" },
        },
        ["links"] = Links(("describedby", "{schema}")),
    };

    private static JsonObject ImageProperties() => new()
    {
        ["id"] = Property("string", "An identifier for the image", pattern: UuidPattern),
        ["name"] = Property(Nullable("string"), "Descriptive name for the image", maxLength: 255),
        ["status"] = Property("string", "Status of the image", readOnly: true, values: ["queued", "saving", "active", "killed", "deleted"]),
        ["visibility"] = Property("string", "Scope of image accessibility", values: ["community", "public", "private", "shared"]),
        ["protected"] = Property("boolean", "If true, image will not be deletable."),
        ["os_hidden"] = Property("boolean", "If true, image will not appear in default image list response."),
        ["checksum"] = Property(Nullable("string"), "md5 hash of image contents.", readOnly: true, maxLength: 32),
        ["os_hash_algo"] = Property(Nullable("string"), "Algorithm to calculate the os_hash_value", readOnly: true, maxLength: 64),
        ["os_hash_value"] = Property(Nullable("string"), "Hexdigest of the image contents using the algorithm specified by the os_hash_algo", readOnly: true, maxLength: 128),
        ["owner"] = Property(Nullable("string"), "Owner of the image", maxLength: 255),
        ["size"] = Property(Nullable("integer"), "Size of image file in bytes", readOnly: true),
        ["virtual_size"] = Property(Nullable("integer"), "Virtual size of image in bytes", readOnly: true),
        ["container_format"] = Property(Nullable("string"), "Format of the container", values: [null, .. ImageFormats.ContainerFormats.Order()]),
        ["disk_format"] = Property(Nullable("string"), "Format of the disk", values: [null, .. ImageFormats.DiskFormats.Order()]),
        ["created_at"] = Property("string", "Date and time of image registration", readOnly: true),
        ["updated_at"] = Property("string", "Date and time of the last image modification", readOnly: true),
        ["tags"] = new JsonObject
        {
            ["type"] = "array",
            ["description"] = "List of strings related to the image",
            ["items"] = new JsonObject { ["type"] = "string", ["maxLength"] = 255 },
        },
        ["direct_url"] = Property("string", "URL to access the image file kept in external store", readOnly: true),
        ["min_ram"] = Property("integer", "Amount of ram (in MB) required to boot image."),
        ["min_disk"] = Property("integer", "Amount of disk space (in GB) required to boot image."),
        ["self"] = Property("string", "An image self url", readOnly: true),
        ["file"] = Property("string", "An image file url", readOnly: true),
        ["schema"] = Property("string", "An image schema url", readOnly: true),
        ["kernel_id"] = Property(Nullable("string"), "ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.", pattern: UuidPattern, extra: true),
        ["ramdisk_id"] = Property(Nullable("string"), "ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.", pattern: UuidPattern, extra: true),
        ["os_command_line"] = Property("string", "The kernel command line to be used by the libvirt driver, instead of the default.", extra: true),
    };

    private static JsonNode Nullable(string type) => new JsonArray("null", type);

    private static JsonObject Property(JsonNode type, string description, bool readOnly = false, int? maxLength = null, string? pattern = null,
        string?[]? values = null, bool extra = false)
    {
        var property = new JsonObject { ["type"] = type };
        if (readOnly)
        {
            property["readOnly"] = true;
        }
        property["description"] = description;
        if (maxLength is { } max)
        {
            property["maxLength"] = max;
        }
        if (pattern is not null)
        {
            property["pattern"] = pattern;
        }
        if (values is not null)
        {
            property["enum"] = new JsonArray([.. values.Select(v => (JsonNode?)(v is null ? null : JsonValue.Create(v)))]);
        }
        if (extra)
        {
            property["is_base"] = false;
        }
        return property;
    }

    private static JsonArray Links(params (string Rel, string Href)[] links) =>
        new([.. links.Select(l => (JsonNode)new JsonObject { ["rel"] = l.Rel, ["href"] = l.Href })]);
}
