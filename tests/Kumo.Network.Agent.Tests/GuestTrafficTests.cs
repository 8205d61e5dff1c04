using Kumo.Messaging.Typed;
using Kumo.Network.Agent.Dhcp;
using Kumo.Network.Agent.Tests.Support;
using Kumo.Network.Rpc;
using Kumo.Objects.Context;

namespace Kumo.Network.Agent.Tests;

/// <summary>A "guest" (a namespace behind the port's tap in its qbr) against the real agent: DHCP from dnsmasq, ping, security groups, isolation.</summary>
public sealed class GuestTrafficTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [HostNetworkFact]
    public async Task Guest_gets_its_address_from_dnsmasq_and_answers_ping_from_the_dhcp_namespace()
    {
        await using var host = new TestHost();
        var network = host.AddDhcpNetwork("10.94.0");
        var group = host.AddSecurityGroup(TestNetworks.IcmpIngress(Guid.Empty));
        var port = host.AddDhcpPort(network, "10.94.0.10", group);
        await host.StartAgentAsync();
        await host.Server.WaitForDeviceUpAsync(host.DhcpPortId(network), Soon);

        var guest = await host.AddGuestAsync(port);
        await host.Server.WaitForDeviceUpAsync(port.PortId, Soon);
        var lease = await Udhcpc.RequestAsync(host, guest);

        Assert.Equal(("10.94.0.10", "24", "10.94.0.1", "1450"), (lease.Ip, lease.Mask, lease.Router, lease.Mtu));
        Assert.Contains("10.200.0.0/16 10.94.0.254", lease.StaticRoutes);
        Assert.True(await host.PingAsync(DhcpNames.Namespace(network), "10.94.0.10"), "the DHCP namespace cannot ping the guest");
    }

    [HostNetworkFact]
    public async Task A_port_added_later_is_served_after_dhcp_network_changed_by_a_reload_not_a_restart()
    {
        await using var host = new TestHost();
        var network = host.AddDhcpNetwork("10.95.5");
        var group = host.AddSecurityGroup();
        var agent = await host.StartAgentAsync();
        await host.Server.WaitForDeviceUpAsync(host.DhcpPortId(network), Soon);
        var pid = agent.Dhcp.DnsmasqPid(network);

        var port = host.AddDhcpPort(network, "10.95.5.20", group);
        await host.Bus.CastAsync(AgentMethods.Topic(host.Host), AgentMethods.DhcpNetworkChanged, RequestContext.Admin(), new NetworkChanged(network));
        await Wait.UntilAsync(async () => (await File.ReadAllTextAsync(Path.Combine(host.AgentOptions.DhcpConfsPath, network.ToString(), "host"))).Contains(port.MacAddress),
            Soon, "the new port's host entry");
        var guest = await host.AddGuestAsync(port);
        await host.Server.WaitForDeviceUpAsync(port.PortId, Soon);

        var lease = await Udhcpc.RequestAsync(host, guest);
        Assert.Equal("10.95.5.20", lease.Ip);
        Assert.Equal(pid, agent.Dhcp.DnsmasqPid(network));
    }

    // A deleted server's address soon goes to the next port; dnsmasq would refuse it while the old
    // MAC's lease lives in its memory (until the lease time, a day), so the next guest got no address.
    [HostNetworkFact]
    public async Task An_address_freed_by_a_removed_port_is_leased_to_the_next_port_given_it()
    {
        await using var host = new TestHost();
        var network = host.AddDhcpNetwork("10.94.5");
        var group = host.AddSecurityGroup();
        var first = host.AddDhcpPort(network, "10.94.5.10", group);
        var agent = await host.StartAgentAsync();
        await host.Server.WaitForDeviceUpAsync(host.DhcpPortId(network), Soon);
        await host.AddGuestAsync(first);
        Assert.Equal("10.94.5.10", (await Udhcpc.RequestAsync(host, host.GuestNamespace(first.PortId))).Ip);
        var pid = agent.Dhcp.DnsmasqPid(network);
        await host.DisposeGuestsAsync();

        host.Server.Networks[network] = host.Server.Networks[network] with { Hosts = [] };
        var second = host.AddDhcpPort(network, "10.94.5.10", group);
        await host.Bus.CastAsync(AgentMethods.Topic(host.Host), AgentMethods.DhcpNetworkChanged, RequestContext.Admin(), new NetworkChanged(network));
        await Wait.UntilAsync(async () => (await File.ReadAllTextAsync(Path.Combine(host.AgentOptions.DhcpConfsPath, network.ToString(), "host"))).Contains(second.MacAddress),
            Soon, "the new port's host entry");
        var guest = await host.AddGuestAsync(second);
        await host.Server.WaitForDeviceUpAsync(second.PortId, Soon);

        Assert.Equal("10.94.5.10", (await Udhcpc.RequestAsync(host, guest)).Ip);
        Assert.Equal(pid, agent.Dhcp.DnsmasqPid(network));
    }

    // The one-second target is measured by `kumo-bench net-host` (net.sg_update_100_ports_ms); here a
    // timed assertion would fail whenever CI's two cores are busy with guests, so it only waits.
    [HostNetworkFact]
    public async Task Icmp_ingress_is_blocked_without_a_rule_allowed_after_adding_one_and_blocked_after_removal()
    {
        await using var host = new TestHost();
        var network = host.AddDhcpNetwork("10.96.0");
        var group = host.AddSecurityGroup();
        var port = host.AddDhcpPort(network, "10.96.0.10", group);
        await host.StartAgentAsync();
        await host.Server.WaitForDeviceUpAsync(host.DhcpPortId(network), Soon);
        var guest = await host.AddGuestAsync(port);
        await host.Server.WaitForDeviceUpAsync(port.PortId, Soon);
        await Udhcpc.RequestAsync(host, guest);
        var dhcpNs = DhcpNames.Namespace(network);
        Assert.False(await host.PingAsync(dhcpNs, "10.96.0.10"), "ping reached the guest although its group has no ICMP ingress rule");

        var rule = TestNetworks.IcmpIngress(group);
        host.Server.Rules[group].Add(rule);
        await CastRuleUpdatedAsync(host, group);
        await Wait.UntilAsync(() => RuleIsAppliedAsync(host, port), Soon, "the ICMP rule to be applied");
        Assert.True(await host.PingAsync(dhcpNs, "10.96.0.10"), "ping is still blocked after the ICMP rule was added");

        host.Server.Rules[group].Remove(rule);
        await CastRuleUpdatedAsync(host, group);
        await Wait.UntilAsync(async () => !await RuleIsAppliedAsync(host, port), Soon, "the ICMP rule to be removed");
        Assert.False(await host.PingAsync(dhcpNs, "10.96.0.10"), "ping still reaches the guest after the ICMP rule was removed");
    }

    [HostNetworkFact]
    public async Task Two_networks_with_the_same_cidr_cannot_reach_each_other()
    {
        await using var host = new TestHost();
        var networkA = host.AddDhcpNetwork("10.97.0");
        var groupA = host.AddSecurityGroup(TestNetworks.IcmpIngress(Guid.Empty));
        var portA = host.AddDhcpPort(networkA, "10.97.0.10", groupA);
        var portB = host.AddPort(Guid.NewGuid(), "10.97.0.11", groupA, TestNetworks.Mtu);
        await host.StartAgentAsync();
        await host.Server.WaitForDeviceUpAsync(host.DhcpPortId(networkA), Soon);
        var guestA = await host.AddGuestAsync(portA);
        var guestB = await host.AddGuestAsync(portB);
        await host.Server.WaitForDeviceUpAsync(portA.PortId, Soon);
        await host.Server.WaitForDeviceUpAsync(portB.PortId, Soon);
        await Udhcpc.RequestAsync(host, guestA);
        await host.Ip.AddAddressAsync("eth0", "10.97.0.11/24", guestB);

        var dhcpNs = DhcpNames.Namespace(networkA);
        Assert.True(await host.PingAsync(dhcpNs, "10.97.0.10"), "the guest on the DHCP namespace's own network is unreachable");
        Assert.False(await host.PingAsync(dhcpNs, "10.97.0.11"), "a guest on another network (another local VLAN) answered");
        Assert.False(await host.PingAsync(guestB, "10.97.0.10"), "a guest reached a guest of another network");
    }

    private static Task CastRuleUpdatedAsync(TestHost host, Guid group) =>
        host.Bus.CastAsync(AgentMethods.Topic(host.Host), AgentMethods.SecurityGroupsRuleUpdated, RequestContext.Admin(), new SecurityGroupsChanged([group]));

    private static async Task<bool> RuleIsAppliedAsync(TestHost host, DeviceDetails port)
    {
        var save = await host.Tools.RunAsync("/usr/sbin/iptables-save", ["-t", "filter"], CancellationToken.None);
        var chain = new Firewall.IptablesChainNames(host.AgentOptions.ChainPrefix).Ingress(port.PortId);
        return save.Split('\n').Any(l => l.StartsWith($"-A {chain} -p icmp", StringComparison.Ordinal));
    }
}
