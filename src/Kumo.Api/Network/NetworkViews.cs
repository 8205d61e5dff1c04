using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Network;
using Kumo.Network.Model;

namespace Kumo.Api.Network;

/// <summary>
/// Resources as Neutron shows them with the extensions Kumo lists (standard attributes, mtu,
/// router:external, port-security, binding, allowed-address-pairs, stateful groups). binding:* other
/// than vnic_type is the admin's to see, as Neutron's policy.
/// </summary>
public static class NetworkViews
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Standard(JsonObject view, string projectId, string description, long revision, DateTimeOffset created, DateTimeOffset updated)
    {
        view["tenant_id"] = projectId;
        view["project_id"] = projectId;
        view["description"] = description;
        view["created_at"] = Time(created);
        view["updated_at"] = Time(updated);
        view["revision_number"] = revision;
    }

    public static JsonObject Network(NetworkRecord network, IEnumerable<Guid> subnetIds)
    {
        var view = new JsonObject
        {
            ["id"] = network.Id.ToString("D"),
            ["name"] = network.Name,
            ["admin_state_up"] = network.AdminStateUp,
            ["mtu"] = network.Mtu,
            ["status"] = network.Status,
            ["subnets"] = new JsonArray([.. subnetIds.Select(id => (JsonNode)id.ToString("D"))]),
            ["shared"] = network.Shared,
            ["router:external"] = network.RouterExternal,
            ["port_security_enabled"] = true,
        };
        Standard(view, network.ProjectId, network.Description, network.RevisionNumber, network.CreatedAt, network.UpdatedAt);
        return view;
    }

    public static JsonObject Subnet(SubnetRecord subnet)
    {
        var view = new JsonObject
        {
            ["id"] = subnet.Id.ToString("D"),
            ["name"] = subnet.Name,
            ["network_id"] = subnet.NetworkId.ToString("D"),
            ["ip_version"] = subnet.IpVersion,
            ["cidr"] = subnet.Cidr,
            ["gateway_ip"] = subnet.GatewayIp,
            ["enable_dhcp"] = subnet.EnableDhcp,
            ["allocation_pools"] = new JsonArray([.. subnet.AllocationPools.Select(p => (JsonNode)new JsonObject { ["start"] = p.Start, ["end"] = p.End })]),
            ["dns_nameservers"] = new JsonArray([.. subnet.DnsNameservers.Select(d => (JsonNode)d)]),
            ["host_routes"] = new JsonArray([.. subnet.HostRoutes.Select(r => (JsonNode)new JsonObject { ["destination"] = r.Destination, ["nexthop"] = r.Nexthop })]),
            ["ipv6_ra_mode"] = null,
            ["ipv6_address_mode"] = null,
            ["subnetpool_id"] = null,
            ["service_types"] = new JsonArray(),
        };
        Standard(view, subnet.ProjectId, subnet.Description, subnet.RevisionNumber, subnet.CreatedAt, subnet.UpdatedAt);
        return view;
    }

    public static JsonObject Port(PortRecord port, bool isAdmin, NetworkOptions options)
    {
        var view = new JsonObject
        {
            ["id"] = port.Id.ToString("D"),
            ["name"] = port.Name,
            ["network_id"] = port.NetworkId.ToString("D"),
            ["mac_address"] = port.MacAddress,
            ["admin_state_up"] = port.AdminStateUp,
            ["status"] = port.Status,
            ["device_id"] = port.DeviceId,
            ["device_owner"] = port.DeviceOwner,
            ["fixed_ips"] = new JsonArray([.. port.FixedIps.Select(ip => (JsonNode)new JsonObject { ["subnet_id"] = ip.SubnetId.ToString("D"), ["ip_address"] = ip.IpAddress })]),
            ["allowed_address_pairs"] = new JsonArray([.. port.AllowedAddressPairs.Select(a => (JsonNode)new JsonObject { ["ip_address"] = a.IpAddress, ["mac_address"] = a.MacAddress })]),
            ["security_groups"] = new JsonArray([.. port.SecurityGroupIds.Select(id => (JsonNode)id.ToString("D"))]),
            ["port_security_enabled"] = port.PortSecurityEnabled,
            ["binding:vnic_type"] = "normal",
        };
        if (isAdmin)
        {
            view["binding:host_id"] = port.BindingHostId;
            view["binding:profile"] = new JsonObject();
            view["binding:vif_type"] = port.IsBound ? "ovs" : "unbound";
            view["binding:vif_details"] = port.IsBound
                ? new JsonObject
                {
                    ["port_filter"] = port.PortSecurityEnabled,
                    ["ovs_hybrid_plug"] = port.PortSecurityEnabled,
                    ["datapath_type"] = options.DatapathType,
                    ["bridge_name"] = options.IntegrationBridge,
                    ["connectivity"] = "l2",
                }
                : new JsonObject();
        }
        Standard(view, port.ProjectId, port.Description, port.RevisionNumber, port.CreatedAt, port.UpdatedAt);
        return view;
    }

    public static JsonObject SecurityGroup(SecurityGroupRecord group, IEnumerable<SecurityGroupRuleRecord> rules)
    {
        var view = new JsonObject
        {
            ["id"] = group.Id.ToString("D"),
            ["name"] = group.Name,
            ["stateful"] = group.Stateful,
            ["security_group_rules"] = new JsonArray([.. rules.Where(r => r.SecurityGroupId == group.Id).Select(r => (JsonNode)Rule(r))]),
        };
        Standard(view, group.ProjectId, group.Description, group.RevisionNumber, group.CreatedAt, group.UpdatedAt);
        return view;
    }

    public static JsonObject Rule(SecurityGroupRuleRecord rule)
    {
        var view = new JsonObject
        {
            ["id"] = rule.Id.ToString("D"),
            ["security_group_id"] = rule.SecurityGroupId.ToString("D"),
            ["direction"] = rule.Direction,
            ["ethertype"] = rule.Ethertype,
            ["protocol"] = rule.Protocol,
            ["port_range_min"] = rule.PortRangeMin,
            ["port_range_max"] = rule.PortRangeMax,
            ["remote_ip_prefix"] = rule.RemoteIpPrefix,
            ["remote_group_id"] = rule.RemoteGroupId?.ToString("D"),
        };
        Standard(view, rule.ProjectId, rule.Description, rule.RevisionNumber, rule.CreatedAt, rule.UpdatedAt);
        return view;
    }
}
