using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Tests.Support;

/// <summary>Hand-made networks for the fake server: a DHCP subnet, its DHCP port, and host entries for the ports on it.</summary>
public static class TestNetworks
{
    public const int Mtu = 1450;

    /// <summary>A network with one DHCP subnet &lt;prefix&gt;.0/24: gateway .1, DHCP port .2, a host route and a DNS server.</summary>
    public static Guid AddDhcpNetwork(this TestHost host, string prefix)
    {
        var networkId = Guid.NewGuid();
        var subnet = new DhcpSubnet(Guid.NewGuid(), $"{prefix}.0/24", $"{prefix}.1", [$"{prefix}.1"],
            [new HostRoute("10.200.0.0/16", $"{prefix}.254")], 4, 600);
        host.Server.Networks[networkId] = new DhcpNetwork(networkId, "net-" + host.Id, Mtu, true, [subnet], []);
        host.Server.DhcpPorts[networkId] = new DhcpPort(Guid.NewGuid(), networkId, "fa:16:3e:00:00:02", [new FixedIp(subnet.SubnetId, $"{prefix}.2")]);
        host.Server.Ports[host.Server.DhcpPorts[networkId].PortId] = new DeviceDetails(host.Server.DhcpPorts[networkId].PortId, networkId, "fa:16:3e:00:00:02",
            host.Server.DhcpPorts[networkId].FixedIps, true, false, [], [], Mtu, "network:dhcp", $"dhcp{host.Host}-{networkId}");
        return networkId;
    }

    /// <summary>A compute port on the network, with its host entry in the network's DHCP info.</summary>
    public static DeviceDetails AddDhcpPort(this TestHost host, Guid networkId, string ip, Guid securityGroup)
    {
        var port = host.AddPort(networkId, ip, securityGroup, Mtu);
        var network = host.Server.Networks[networkId];
        host.Server.Networks[networkId] = network with
        {
            Hosts = [.. network.Hosts, new DhcpHost(port.PortId, port.MacAddress, ip, "host-" + ip.Replace('.', '-'))],
        };
        return port;
    }

    public static Guid DhcpPortId(this TestHost host, Guid networkId) => host.Server.DhcpPorts[networkId].PortId;

    /// <summary>A group allowing all egress; ingress as given.</summary>
    public static Guid AddSecurityGroup(this TestHost host, params SecurityGroupRule[] ingress)
    {
        var group = Guid.NewGuid();
        host.Server.Rules[group] = [Egress(group), .. ingress.Select(r => r with { SecurityGroupId = group })];
        return group;
    }

    public static SecurityGroupRule IcmpIngress(Guid group) =>
        new(Guid.NewGuid(), group, "ingress", "IPv4", "icmp", null, null, null, null);

    private static SecurityGroupRule Egress(Guid group) =>
        new(Guid.NewGuid(), group, "egress", "IPv4", null, null, null, null, null);
}
