using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Objects.Instances;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// The members of server create that become what the guest receives: user_data, personality,
/// config_drive and block_device_mapping_v2, checked as Nova's servers schema checks them
/// (nova/api/openstack/compute/schemas/servers.py). Quotas on injected files are the compute API's.
/// </summary>
public static class ServerGuestInput
{
    /// <summary>Nova's user_data maxLength: 65535 characters of base64 text.</summary>
    public const int MaxUserDataLength = 65535;

    // parameter_types.boolean: JSON booleans and these strings.
    private static readonly string[] TrueTexts = ["True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes"];
    private static readonly string[] FalseTexts = ["False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"];
    private static readonly string[] BdmMembers =
    [
        "source_type", "destination_type", "guest_format", "boot_index", "uuid", "image_id", "volume_size",
        "device_name", "disk_bus", "device_type", "delete_on_termination", "no_device", "volume_id", "snapshot_id", "tag",
    ];

    public static string? UserData(JsonObject server)
    {
        var text = NovaInput.String(server, "user_data", 0, MaxUserDataLength, nullable: true);
        return text is null || IsBase64(text) ? text : throw NovaInput.Invalid("user_data", server["user_data"], $"'{text}' is not a 'base64'");
    }

    /// <summary>personality: a list of {path, contents (base64)}; the schema allows nothing else in an item.</summary>
    public static IReadOnlyList<InjectedFile> Personality(JsonObject server)
    {
        if (!server.TryGetPropertyValue("personality", out var node))
        {
            return [];
        }
        if (node is not JsonArray items)
        {
            throw NovaInput.Invalid("personality", node, $"{node?.ToJsonString() ?? "None"} is not of type 'array'");
        }
        var files = new List<InjectedFile>(items.Count);
        foreach (var item in items)
        {
            if (item is not JsonObject file)
            {
                throw NovaInput.Invalid("personality", item, $"{item?.ToJsonString() ?? "None"} is not of type 'object'");
            }
            NovaInput.OnlyKnown(file, ["path", "contents"]);
            var path = NovaInput.String(file, "path") ?? throw ApiException.BadRequest("Bad personality format: missing path");
            var contents = NovaInput.String(file, "contents") ?? throw ApiException.BadRequest("Bad personality format: missing contents");
            if (!IsBase64(contents))
            {
                throw NovaInput.Invalid("contents", file["contents"], $"'{contents}' is not a 'base64'");
            }
            files.Add(new InjectedFile(path, contents));
        }
        return files;
    }

    /// <summary>config_drive: Nova's parameter_types.boolean (true/false or their usual spellings).</summary>
    public static bool ConfigDrive(JsonObject server)
    {
        if (!server.TryGetPropertyValue("config_drive", out var node))
        {
            return false;
        }
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValue<bool>();
        }
        if (node is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            var text = s.GetValue<string>();
            if (TrueTexts.Contains(text))
            {
                return true;
            }
            if (FalseTexts.Contains(text))
            {
                return false;
            }
            throw NovaInput.Invalid("config_drive", node, $"'{text}' is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']");
        }
        throw NovaInput.Invalid("config_drive", node, $"{node?.ToJsonString() ?? "None"} is not of type 'boolean', 'string'");
    }

    /// <summary>
    /// block_device_mapping_v2 without a volume service: the image as the local root disk, blank local
    /// disks (ephemeral, or swap with guest_format swap). Anything with a volume, snapshot or a
    /// destination other than local cannot be honoured and is refused before anything is created.
    /// Returns the image a source_type image at boot_index 0 names, if any.
    /// </summary>
    public static Guid? BlockDeviceMappingV2(JsonObject server, Guid? imageRef)
    {
        if (!server.TryGetPropertyValue("block_device_mapping_v2", out var node))
        {
            return null;
        }
        if (node is not JsonArray items)
        {
            throw NovaInput.Invalid("block_device_mapping_v2", node, $"{node?.ToJsonString() ?? "None"} is not of type 'array'");
        }
        Guid? bootImage = null;
        var swaps = 0;
        foreach (var item in items)
        {
            if (item is not JsonObject bdm)
            {
                throw NovaInput.Invalid("block_device_mapping_v2", item, $"{item?.ToJsonString() ?? "None"} is not of type 'object'");
            }
            NovaInput.OnlyKnown(bdm, BdmMembers);
            var source = NovaInput.String(bdm, "source_type");
            var destination = NovaInput.String(bdm, "destination_type") ?? "local";
            if (source is "volume" or "snapshot" || destination == "volume" || bdm.ContainsKey("volume_id") || bdm.ContainsKey("snapshot_id"))
            {
                throw ApiException.BadRequest("Block Device Mapping is Invalid: volumes cannot be attached, this cloud has no block storage service (Cinder).");
            }
            if (source is not ("image" or "blank") || destination != "local")
            {
                throw ApiException.BadRequest($"Block Device Mapping is Invalid: source_type '{source ?? "None"}' with destination_type '{destination}' is not supported; use image or blank to local.");
            }
            if (source == "image")
            {
                var uuid = NovaInput.String(bdm, "uuid") ?? throw ApiException.BadRequest("Block Device Mapping is Invalid: an image mapping needs the image's uuid.");
                var image = NovaInput.Uuid(uuid, "uuid");
                if (imageRef is { } given && given != image)
                {
                    throw ApiException.BadRequest("Block Device Mapping is Invalid: the image mapping names another image than imageRef.");
                }
                bootImage = image;
            }
            else if (NovaInput.String(bdm, "guest_format") == "swap" && ++swaps > 1)
            {
                throw ApiException.BadRequest("Block Device Mapping is Invalid: More than one swap drive requested.");
            }
        }
        return bootImage;
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
