using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Objects.Network;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// A create's networks and security_groups as Nova's schemas take them (servers.py base_create,
/// v232/v233 add networks[].tag, v237 makes networks required: "auto", "none" or a list with uuid
/// as a uuid, and drops the tag until 2.42), then Nova's own checks (_get_requested_networks).
/// </summary>
public static class ServerNetworksInput
{
    public static IReadOnlyList<RequestedNetwork> Networks(JsonObject server, Microversion version)
    {
        var v237 = version.AtLeast("2.37");
        if (!server.TryGetPropertyValue("networks", out var networks))
        {
            // Before 2.37 no networks means Nova picks the project's network itself, or none when there is none.
            return v237 ? throw ApiException.BadRequest("'networks' is a required property") : [RequestedNetwork.Unspecified];
        }
        if (v237 && networks is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>() switch
            {
                "auto" => [RequestedNetwork.AutoAllocate],
                "none" => [],
                var other => throw NovaInput.Invalid("networks", networks, $"'{other}' is not one of ['none', 'auto']"),
            };
        }
        if (networks is not JsonArray list)
        {
            throw NovaInput.Invalid("networks", networks, $"{networks?.ToJsonString() ?? "None"} is not of type 'array'");
        }
        var allowTag = version.AtLeast("2.32") && !v237;
        var requested = list.Select(item => Entry(item, allowTag, v237)).ToList();
        RefuseDuplicates(requested);
        return requested;
    }

    private static RequestedNetwork Entry(JsonNode? item, bool allowTag, bool v237)
    {
        if (item is not JsonObject entry)
        {
            throw NovaInput.Invalid("networks", item, $"{item?.ToJsonString() ?? "None"} is not of type 'object'");
        }
        NovaInput.OnlyKnown(entry, allowTag ? ["uuid", "port", "fixed_ip", "tag"] : ["uuid", "port", "fixed_ip"]);
        var port = entry["port"] is null ? (Guid?)null : NovaInput.Uuid(NovaInput.String(entry, "port")!, "port");
        var fixedIp = FixedIp(entry);
        var tag = allowTag ? NovaInput.String(entry, "tag", 1, 60) : null;
        if (port is { } portId)
        {
            if (fixedIp is not null)
            {
                throw ApiException.BadRequest($"Specified Fixed IP '{fixedIp}' cannot be used with port '{portId}': the two cannot be specified together.");
            }
            return new RequestedNetwork(null, portId) { Tag = tag };
        }
        var uuid = NovaInput.String(entry, "uuid") ?? throw ApiException.BadRequest("Bad network format: missing 'uuid'");
        Guid network;
        if (v237)
        {
            network = NovaInput.Uuid(uuid, "uuid");
        }
        else if (!Guid.TryParseExact(uuid, "D", out network))
        {
            throw ApiException.BadRequest($"Bad networks format: network uuid is not in proper format ({uuid})");
        }
        return new RequestedNetwork(network, null, fixedIp) { Tag = tag };
    }

    /// <summary>parameter_types.ip_address: an IPv4 or IPv6 address.</summary>
    private static string? FixedIp(JsonObject entry)
    {
        var text = NovaInput.String(entry, "fixed_ip");
        if (text is null)
        {
            return null;
        }
        var valid = IPAddress.TryParse(text, out var ip)
            && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || text.Split('.').Length == 4);
        return valid ? ip!.ToString() : throw NovaInput.Invalid("fixed_ip", entry["fixed_ip"], $"'{text}' is not a 'ip_address'");
    }

    /// <summary>
    /// One network twice is two NICs (allowed, as Nova with Neutron); one port twice, or one fixed IP
    /// twice, can never be met and is refused before anything is created.
    /// </summary>
    private static void RefuseDuplicates(List<RequestedNetwork> requested)
    {
        var port = requested.Where(r => r.PortId is not null).GroupBy(r => r.PortId).FirstOrDefault(g => g.Count() > 1);
        if (port is not null)
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute networks: port {port.Key} is requested more than once.");
        }
        var ip = requested.Where(r => r.FixedIp is not null).GroupBy(r => r.FixedIp).FirstOrDefault(g => g.Count() > 1);
        if (ip is not null)
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute networks: fixed_ip {ip.Key} is requested more than once.");
        }
    }

    /// <summary>security_groups: [{"name": ...}], names deduplicated (Nova's security_groups extension); null when absent.</summary>
    public static IReadOnlyList<string>? SecurityGroups(JsonObject server)
    {
        if (!server.TryGetPropertyValue("security_groups", out var node))
        {
            return null;
        }
        if (node is not JsonArray list)
        {
            throw NovaInput.Invalid("security_groups", node, $"{node?.ToJsonString() ?? "None"} is not of type 'array'");
        }
        var names = new List<string>();
        foreach (var item in list)
        {
            if (item is not JsonObject group)
            {
                throw NovaInput.Invalid("security_groups", item, $"{item?.ToJsonString() ?? "None"} is not of type 'object'");
            }
            NovaInput.OnlyKnown(group, ["name"]);
            var name = NovaInput.String(group, "name", 1, 255) ?? throw ApiException.BadRequest("'name' is a required property");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw NovaInput.Invalid("name", group["name"], "The security group name must not be blank.");
            }
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
        return names;
    }
}
