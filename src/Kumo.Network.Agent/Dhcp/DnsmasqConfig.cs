using System.Globalization;
using System.Net;
using System.Text;
using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Dhcp;

/// <summary>
/// What dnsmasq is told for one network, after Neutron's Dnsmasq driver: a static range per DHCP subnet
/// (only hosts listed get an address), the host entries (MAC → address, hostname), and per subnet the
/// options: MTU (26), router (3) from the gateway, DNS servers (6), and classless static routes (121)
/// from the host routes and the metadata route (169.254.169.254/32 via the DHCP port, as Neutron's
/// enable_isolated_metadata), plus the default route (a client that gets option 121 ignores option 3).
/// </summary>
internal static class DnsmasqConfig
{
    private const string MetadataRoute = "169.254.169.254/32";

    public static string Tag(DhcpSubnet subnet) => "subnet-" + subnet.SubnetId.ToString("D");

    public static IReadOnlyList<string> RangeArguments(DhcpNetwork network) =>
        network.Subnets.Where(s => s.IpVersion == 4).Select(s =>
        {
            var (address, prefix) = ParseCidr(s.Cidr);
            return $"--dhcp-range=set:{Tag(s)},{address},static,{Mask(prefix)},{s.LeaseSeconds.ToString(CultureInfo.InvariantCulture)}s";
        }).ToList();

    public static string HostsFile(DhcpNetwork network)
    {
        var text = new StringBuilder();
        foreach (var host in network.Hosts.Where(h => !h.IpAddress.Contains(':', StringComparison.Ordinal)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{host.MacAddress},{host.Hostname},{host.IpAddress}\n");
        }
        return text.ToString();
    }

    public static string OptsFile(DhcpNetwork network, IReadOnlyDictionary<Guid, string>? metadataNextHops = null)
    {
        var text = new StringBuilder();
        foreach (var subnet in network.Subnets.Where(s => s.IpVersion == 4))
        {
            var tag = $"tag:{Tag(subnet)}";
            text.Append(CultureInfo.InvariantCulture, $"{tag},option:mtu,{network.Mtu}\n");
            text.Append(tag).Append(",option:router").Append(subnet.GatewayIp is { } gw ? "," + gw : "").Append('\n');
            if (subnet.DnsNameservers.Count > 0)
            {
                text.Append(tag).Append(",option:dns-server,").Append(string.Join(',', subnet.DnsNameservers)).Append('\n');
            }
            var routes = subnet.HostRoutes.Select(r => $"{r.Destination},{r.NextHop}").ToList();
            if (metadataNextHops is not null && metadataNextHops.TryGetValue(subnet.SubnetId, out var dhcpAddress)
                && !subnet.HostRoutes.Any(r => r.Destination == MetadataRoute))
            {
                routes.Add($"{MetadataRoute},{dhcpAddress}");
            }
            if (routes.Count > 0)
            {
                if (subnet.GatewayIp is { } gateway)
                {
                    routes.Add($"0.0.0.0/0,{gateway}");
                }
                text.Append(tag).Append(",option:classless-static-route,").Append(string.Join(',', routes)).Append('\n');
            }
        }
        return text.ToString();
    }

    public static (string Address, int Prefix) ParseCidr(string cidr)
    {
        var network = IPNetwork.Parse(cidr);
        return (network.BaseAddress.ToString(), network.PrefixLength);
    }

    private static string Mask(int prefix)
    {
        var bits = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return new IPAddress([(byte)(bits >> 24), (byte)(bits >> 16), (byte)(bits >> 8), (byte)bits]).ToString();
    }
}
