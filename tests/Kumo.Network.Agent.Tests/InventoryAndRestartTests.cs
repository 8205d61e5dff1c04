using Kumo.Messaging.Typed;
using Kumo.Network.Agent.Dhcp;
using Kumo.Network.Agent.Firewall;
using Kumo.Network.Agent.Tests.Support;
using Kumo.Network.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Network;
using Kumo.Virt;

namespace Kumo.Network.Agent.Tests;

public sealed class InventoryAndRestartTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [HostNetworkFact]
    public async Task Inventory_names_every_device_with_its_owner_and_shows_nothing_once_everything_is_deleted()
    {
        await using var host = new TestHost();
        var network = host.AddDhcpNetwork("10.98.0");
        var port = host.AddDhcpPort(network, "10.98.0.10", host.AddSecurityGroup());
        var agent = await host.StartAgentAsync();
        await host.AddGuestAsync(port);
        await host.Server.WaitForDeviceUpAsync(port.PortId, Soon);
        await host.Server.WaitForDeviceUpAsync(host.DhcpPortId(network), Soon);

        var ours = Ours(await agent.Inventory.ListAsync(), port.PortId, network);
        Assert.All(ours, r => Assert.False(r.Orphaned, $"{r.Kind} {r.Name} is flagged orphaned while its port and network are live"));
        var portKinds = ours.Where(r => r.PortId == port.PortId).Select(r => r.Kind).Order().ToList();
        Assert.Equal(["iptables-chain", "iptables-chain", "iptables-chain", "ovs-port", "qbr", "qvb", "qvo", "tap"], portKinds);
        Assert.All(ours.Where(r => r.PortId == port.PortId && r.Kind != "iptables-chain"), r => Assert.Equal(Guid.Parse(port.DeviceId), r.InstanceUuid));
        var networkKinds = ours.Where(r => r.NetworkId == network).Select(r => r.Kind).Order().ToList();
        Assert.Equal(["dnsmasq", "netns", "ovs-port", "tap"], networkKinds);

        await host.DisposeGuestsAsync();
        await host.Server.WaitForDeviceDownAsync(port.PortId, Soon);
        host.Server.Ports.TryRemove(port.PortId, out _);
        host.Server.Networks.TryRemove(network, out _);
        await host.Bus.CastAsync(AgentMethods.Topic(host.Host), AgentMethods.NetworkDelete, RequestContext.Admin(), new NetworkChanged(network));
        await Wait.UntilAsync(async () => Ours(await agent.Inventory.ListAsync(), port.PortId, network).Count == 0, Soon,
            "the inventory to show nothing of the deleted port and network");
        // The agent releases the DHCP port after tearing the namespace down, so the inventory can empty first.
        await Wait.UntilAsync(() => Task.FromResult(host.Server.ReleasedDhcpPorts.Contains(network)), Soon, "the agent to release the network's DHCP port");
    }

    [HostNetworkFact]
    public async Task A_restarted_agent_rewires_live_ports_and_removes_what_belongs_to_no_port_or_network()
    {
        await using var host = new TestHost();
        var live = host.AddDhcpNetwork("10.99.0");
        var gone = host.AddDhcpNetwork("10.99.1");
        var port = host.AddDhcpPort(live, "10.99.0.10", host.AddSecurityGroup());
        var agent = await host.StartAgentAsync();
        await host.AddGuestAsync(port);
        await host.Server.WaitForDeviceUpAsync(port.PortId, Soon);
        var tag = await host.Ovs.GetTagAsync(HybridPlugNames.OvsVeth(port.PortId));
        var firstPid = agent.Dhcp.DnsmasqPid(live);
        Assert.NotNull(firstPid);

        await host.StopAgentAsync();
        Assert.False(Directory.Exists($"/proc/{firstPid}"), "dnsmasq outlived the agent");
        // While the agent was down: one network was deleted, and an earlier run left a chain for a port long gone.
        host.Server.Networks.TryRemove(gone, out _);
        var names = new IptablesChainNames(host.AgentOptions.ChainPrefix);
        var ghost = names.Ingress(Guid.NewGuid());
        await host.Tools.RunAsync("/usr/sbin/iptables-restore", ["--noflush"], CancellationToken.None, $"*filter\n:{ghost} - [0:0]\n-A {ghost} -j DROP\nCOMMIT\n");
        host.Server.DevicesUp.Clear();

        agent = await host.StartAgentAsync();
        await host.Server.WaitForDeviceUpAsync(port.PortId, Soon);

        Assert.Equal(tag, await host.Ovs.GetTagAsync(HybridPlugNames.OvsVeth(port.PortId)));
        Assert.True(agent.Dhcp.DnsmasqPid(live) is not null, $"no dnsmasq after the restart; the agent said: {host.Log}");
        Assert.DoesNotContain(DhcpNames.Namespace(gone), await host.Netns.ListAsync());
        Assert.False(Directory.Exists(Path.Combine(host.AgentOptions.DhcpConfsPath, gone.ToString())), "the deleted network's dnsmasq files are still there");
        var save = await host.Tools.RunAsync("/usr/sbin/iptables-save", ["-t", "filter"], CancellationToken.None);
        Assert.DoesNotContain($":{ghost} ", save);
        Assert.Contains($":{names.Ingress(port.PortId)} ", save);
        var guestNs = host.GuestNamespace(port.PortId);
        await Udhcpc.RequestAsync(host, guestNs);
    }

    private static List<HostResource> Ours(IReadOnlyList<HostResource> inventory, Guid portId, Guid networkId) =>
        inventory.Where(r => r.PortId == portId || r.NetworkId == networkId).ToList();
}
