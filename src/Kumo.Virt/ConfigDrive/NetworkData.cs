using System.Net;
using System.Text.Json.Nodes;
using Kumo.Objects.Network;

namespace Kumo.Virt.ConfigDrive;

/// <summary>
/// network_data.json as Nova's netutils.get_network_metadata shapes it: one link per port (its tap,
/// MAC and MTU), one network per subnet the port is on (DHCP, or the static address with its routes
/// and DNS), and the DNS servers of them all. With no port every list is empty.
/// </summary>
public static class NetworkData
{
    public static JsonObject For(NetworkInfo network)
    {
        var links = new JsonArray();
        var networks = new JsonArray();
        var dns = new List<string>();
        foreach (var vif in network.Vifs)
        {
            var linkId = HybridPlugNames.Tap(vif.PortId);
            links.Add(new JsonObject
            {
                ["ethernet_mac_address"] = vif.MacAddress,
                ["id"] = linkId,
                ["mtu"] = vif.Mtu,
                ["type"] = vif.VifType,
                ["vif_id"] = vif.PortId.ToString("D"),
            });
            foreach (var subnet in vif.Subnets)
            {
                networks.Add(Network($"network{networks.Count}", linkId, vif, subnet));
                dns.AddRange(subnet.DnsServers.Where(d => !dns.Contains(d)));
            }
        }
        return new JsonObject
        {
            ["links"] = links,
            ["networks"] = networks,
            ["services"] = new JsonArray([.. dns.Select(Dns)]),
        };
    }

    private static JsonObject Network(string id, string linkId, Vif vif, VifSubnet subnet)
    {
        var family = subnet.IpVersion == 6 ? "ipv6" : "ipv4";
        if (subnet.DhcpEnabled || subnet.Ips.Count == 0)
        {
            return new JsonObject { ["id"] = id, ["type"] = family + "_dhcp", ["link"] = linkId, ["network_id"] = vif.NetworkId.ToString("D") };
        }
        var routes = new JsonArray();
        if (subnet.Gateway is { } gateway)
        {
            routes.Add(Route(subnet.IpVersion == 6 ? "::" : "0.0.0.0", subnet.IpVersion == 6 ? "::" : "0.0.0.0", gateway));
        }
        foreach (var route in subnet.HostRoutes)
        {
            var (address, mask) = Split(route.Destination, subnet.IpVersion);
            routes.Add(Route(address, mask, route.NextHop));
        }
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = family,
            ["link"] = linkId,
            ["ip_address"] = subnet.Ips[0],
            ["netmask"] = Split(subnet.Cidr, subnet.IpVersion).Mask,
            ["routes"] = routes,
            ["network_id"] = vif.NetworkId.ToString("D"),
            ["services"] = new JsonArray([.. subnet.DnsServers.Select(Dns)]),
        };
    }

    private static JsonObject Route(string network, string netmask, string gateway) =>
        new() { ["network"] = network, ["netmask"] = netmask, ["gateway"] = gateway };

    private static JsonObject Dns(string address) => new() { ["type"] = "dns", ["address"] = address };

    /// <summary>"10.0.0.0/24" → ("10.0.0.0", "255.255.255.0"); IPv6 keeps the prefix form of the mask, as Nova does.</summary>
    private static (string Address, string Mask) Split(string cidr, int ipVersion)
    {
        var parts = cidr.Split('/');
        var prefix = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : (ipVersion == 6 ? 128 : 32);
        if (ipVersion == 6)
        {
            return (parts[0], prefix.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var bits = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        var mask = new IPAddress([(byte)(bits >> 24), (byte)(bits >> 16), (byte)(bits >> 8), (byte)bits]);
        return (parts[0], mask.ToString());
    }
}
