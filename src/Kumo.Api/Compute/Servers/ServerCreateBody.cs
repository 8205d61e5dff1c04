using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;
using Kumo.Network.Api;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// POST /servers as Nova's servers create schema validates it (nova/api/openstack/compute/schemas/servers.py),
/// for the microversions served: every member typed and bounded, nothing unknown, then checked as a
/// whole (min_count ≤ max_count, a bootable image reference, a zone that exists).
/// </summary>
public sealed record ServerCreateBody(CreateServerRequest Request, int MinCount, int MaxCount, bool ReturnReservationId)
{
    /// <summary>Kumo's one availability zone (Nova's default_availability_zone).</summary>
    public const string DefaultZone = "nova";

    private static readonly string[] Members =
    [
        "name", "imageRef", "flavorRef", "adminPass", "metadata", "networks", "OS-DCF:diskConfig", "accessIPv4",
        "accessIPv6", "personality", "key_name", "user_data", "availability_zone", "block_device_mapping",
        "block_device_mapping_v2", "config_drive", "min_count", "max_count", "return_reservation_id", "security_groups",
    ];

    public static ServerCreateBody Parse(JsonObject body, Microversion version)
    {
        NovaInput.OnlyKnown(body, ["server"]);
        var server = NovaInput.RequireObject(body, "server");
        NovaInput.OnlyKnown(server, version.AtLeast("2.19") ? [.. Members, "description"] : Members);
        foreach (var required in new[] { "name", "flavorRef" })
        {
            if (!server.ContainsKey(required))
            {
                throw ApiException.BadRequest($"'{required}' is a required property");
            }
        }
        var name = NovaInput.Name(server)!;
        var flavorRef = FlavorRef(server);
        var imageRef = ImageRef(server, ServerGuestInput.BlockDeviceMappingV2(server, OptionalImageRef(server)));
        var minCount = NovaInput.Integer(server, "min_count", 1) ?? 1;
        var maxCount = NovaInput.Integer(server, "max_count", 1) ?? minCount;
        if (minCount > maxCount)
        {
            throw ApiException.BadRequest("min_count must be <= max_count");
        }
        Networks(server, version);
        RefuseUnsupported(server);
        var request = new CreateServerRequest(name, flavorRef, imageRef, [],
            server.ContainsKey("metadata") ? NovaInput.Metadata(server["metadata"], "metadata") : null,
            NovaInput.String(server, "key_name", 1, 255),
            NovaInput.String(server, "adminPass"))
        {
            Description = NovaInput.String(server, "description", 0, 255, nullable: true),
            UserData = ServerGuestInput.UserData(server),
            InjectedFiles = ServerGuestInput.Personality(server),
            ConfigDrive = ServerGuestInput.ConfigDrive(server),
            AvailabilityZone = AvailabilityZone(server),
            AccessIpV4 = NovaInput.IpAddress(server, "accessIPv4", AddressFamily.InterNetwork),
            AccessIpV6 = NovaInput.IpAddress(server, "accessIPv6", AddressFamily.InterNetworkV6),
        };
        return new ServerCreateBody(request, minCount, maxCount, NovaInput.Boolean(server, "return_reservation_id") ?? false);
    }

    private static string FlavorRef(JsonObject server)
    {
        var node = server["flavorRef"];
        var text = node is JsonValue v ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number when v.TryGetValue<long>(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        } : null;
        if (text is null)
        {
            throw NovaInput.Invalid("flavorRef", node, $"{node?.ToJsonString() ?? "None"} is not of type 'string', 'integer'");
        }
        // A flavor href is accepted as Nova does: its last path segment is the id.
        var id = text.TrimEnd('/').Split('/')[^1];
        return id.Length == 0 ? throw NovaInput.Invalid("flavorRef", node, "'' is too short") : id;
    }

    /// <summary>The imageRef member as an image id, or null when absent or empty (a bdm may name the image instead).</summary>
    private static Guid? OptionalImageRef(JsonObject server)
    {
        var text = NovaInput.String(server, "imageRef");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var id = text.TrimEnd('/').Split('/')[^1];
        return Guid.TryParse(id, out var image) ? image : throw ApiException.BadRequest($"Invalid imageRef provided: '{text}' is not an image id.");
    }

    private static Guid ImageRef(JsonObject server, Guid? fromBlockDeviceMapping) =>
        // Nova boots from a volume without an image; Kumo has no volumes, only an image mapping can stand in.
        OptionalImageRef(server) ?? fromBlockDeviceMapping ?? throw ApiException.BadRequest("Missing imageRef attribute");

    /// <summary>
    /// networks: before 2.37 an optional list; from 2.37 required, a list or "auto" / "none". Kumo has
    /// no networks yet: "none", "auto", an empty list and (before 2.37) no member boot without a NIC;
    /// asking for a network or port is refused up front.
    /// </summary>
    private static void Networks(JsonObject server, Microversion version)
    {
        var present = server.TryGetPropertyValue("networks", out var networks);
        if (!present)
        {
            if (version.AtLeast("2.37"))
            {
                throw ApiException.BadRequest("'networks' is a required property");
            }
            return;
        }
        if (version.AtLeast("2.37") && networks is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var choice = v.GetValue<string>();
            if (choice is "auto" or "none")
            {
                return;
            }
            throw NovaInput.Invalid("networks", networks, $"'{choice}' is not one of ['none', 'auto']");
        }
        if (networks is not JsonArray list)
        {
            throw NovaInput.Invalid("networks", networks, $"{networks?.ToJsonString() ?? "None"} is not of type 'array'");
        }
        if (list.Count > 0)
        {
            throw ApiException.BadRequest(new NetworkNotConfiguredException().Message);
        }
    }

    private static void RefuseUnsupported(JsonObject server)
    {
        if (server.ContainsKey("block_device_mapping"))
        {
            // The legacy mapping only ever names volumes and snapshots.
            throw ApiException.BadRequest("Block Device Mapping is Invalid: block_device_mapping (v1) maps volumes, and this cloud has no block storage service; use block_device_mapping_v2 with image or blank sources.");
        }
        if (server.TryGetPropertyValue("security_groups", out var groups))
        {
            if (groups is not JsonArray list || list.Any(g => g is not JsonObject o || (string?)o["name"] != "default" || o.Count != 1))
            {
                throw ApiException.BadRequest("Only the security group 'default' can be requested: this deployment has no networking.");
            }
        }
        var diskConfig = NovaInput.String(server, "OS-DCF:diskConfig");
        if (diskConfig is not null and not ("AUTO" or "MANUAL"))
        {
            throw NovaInput.Invalid("OS-DCF:diskConfig", server["OS-DCF:diskConfig"], $"'{diskConfig}' is not one of ['AUTO', 'MANUAL']");
        }
    }

    private static string? AvailabilityZone(JsonObject server)
    {
        var text = NovaInput.String(server, "availability_zone", 1, 255);
        if (text is null)
        {
            return null;
        }
        var zone = text.Split(':')[0];
        return zone == DefaultZone ? zone : throw ApiException.BadRequest("The requested availability zone is not available");
    }
}
