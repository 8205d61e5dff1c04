using Kumo.Network.Agent.Tests.Support;
using Kumo.Objects.Network;
using Kumo.OsVif.Probing;

namespace Kumo.Network.Agent.Tests;

/// <summary><see cref="NamespaceProbe"/> against the real agent: the OVS agent puts it on its network's VLAN, it reaches a guest, unplug leaves nothing.</summary>
public sealed class ProbeTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [HostNetworkFact]
    public async Task A_probe_joins_its_network_vlan_in_its_own_namespace_reaches_a_guest_and_unplug_leaves_nothing()
    {
        await using var host = new TestHost();
        var network = host.AddDhcpNetwork("10.93.0");
        var guestPort = host.AddDhcpPort(network, "10.93.0.10", host.AddSecurityGroup(TestNetworks.IcmpIngress(Guid.Empty)));
        var probePort = host.AddPort(network, "10.93.0.20", portSecurity: false);
        var agent = await host.StartAgentAsync();
        var guest = await host.AddGuestAsync(guestPort);
        await host.Server.WaitForDeviceUpAsync(guestPort.PortId, Soon);
        await Udhcpc.RequestAsync(host, guest);
        var probe = new NamespaceProbe(host.VifOptions, host.Tools);
        var device = NamespaceProbe.Device(probePort.PortId);
        try
        {
            var ns = await probe.PlugAsync(new ProbePort(probePort.PortId, probePort.MacAddress, ["10.93.0.20/24"], probePort.Mtu));
            await host.Server.WaitForDeviceUpAsync(probePort.PortId, Soon);

            Assert.Equal(NamespaceProbe.Namespace(probePort.PortId), ns);
            var link = await host.Ip.GetAsync(device, ns);
            Assert.Equal((probePort.MacAddress, 1450, true), (link?.MacAddress, link?.Mtu, link?.Up));
            Assert.Equal(await host.Ovs.GetTagAsync(HybridPlugNames.OvsVeth(guestPort.PortId)), await host.Ovs.GetTagAsync(device));
            Assert.True(await host.PingAsync(ns, "10.93.0.10"), "the probe cannot ping the guest on its network");
            var probeLines = (await agent.Inventory.ListAsync()).Where(r => r.PortId == probePort.PortId).Select(r => (r.Kind, r.Name, r.Orphaned)).Order();
            Assert.Equal([("netns", ns, false), ("ovs-port", device, false)], probeLines);

            // Plugging again (a retried plug) keeps the one device and its address.
            await probe.PlugAsync(new ProbePort(probePort.PortId, probePort.MacAddress, ["10.93.0.20/24"], probePort.Mtu));
            Assert.True(await host.PingAsync(ns, "10.93.0.10"), "a second plug broke the probe");
        }
        finally
        {
            await probe.UnplugAsync(probePort.PortId);
        }

        Assert.DoesNotContain(NamespaceProbe.Namespace(probePort.PortId), await host.Netns.ListAsync());
        Assert.DoesNotContain(device, await host.Ovs.ListPortsAsync(host.VifOptions.IntegrationBridge));
        Assert.Empty((await agent.Inventory.ListAsync()).Where(r => r.PortId == probePort.PortId).Select(r => $"{r.Kind} {r.Name}"));
        await probe.UnplugAsync(probePort.PortId);
    }
}
