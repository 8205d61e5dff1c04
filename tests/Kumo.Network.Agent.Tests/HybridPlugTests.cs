using Kumo.Network.Agent.Tests.Support;
using Kumo.Objects.Network;
using Kumo.OsVif.Ovs;

namespace Kumo.Network.Agent.Tests;

public sealed class HybridPlugTests
{
    [HostNetworkFact]
    public async Task Plug_creates_exactly_the_hybrid_devices_and_unplug_removes_them()
    {
        await using var host = new TestHost();
        var port = host.AddPort(Guid.NewGuid(), "10.91.0.5", mtu: 1442);
        var instance = Guid.Parse(port.DeviceId);
        var vif = TestHost.VifOf(port);
        string qbr = HybridPlugNames.Bridge(port.PortId), qvb = HybridPlugNames.BridgeVeth(port.PortId), qvo = HybridPlugNames.OvsVeth(port.PortId);

        await host.Plug.PlugAsync(instance, vif);
        await host.Plug.PlugAsync(instance, vif); // idempotent: a second plug (restart) changes nothing

        var bridge = await host.Ip.GetAsync(qbr);
        Assert.Equal("bridge", bridge?.Kind);
        var bridgeInfo = await host.Tools.RunAsync("/usr/sbin/ip", ["-json", "-details", "link", "show", "dev", qbr], CancellationToken.None);
        Assert.Contains("\"stp_state\":0", bridgeInfo);
        Assert.Contains("\"forward_delay\":0", bridgeInfo);
        var bridgeVeth = await host.Ip.GetAsync(qvb);
        var ovsVeth = await host.Ip.GetAsync(qvo);
        Assert.Equal(("veth", qbr, 1442, true), (bridgeVeth?.Kind, bridgeVeth?.Master, bridgeVeth?.Mtu, bridgeVeth?.Up));
        Assert.Equal(("veth", 1442, true), (ovsVeth?.Kind, ovsVeth?.Mtu, ovsVeth?.Up));
        Assert.True(await host.Ethtool.IsTxOffAsync(qvb), $"{qvb} still offloads TX checksums");
        Assert.True(await host.Ethtool.IsTxOffAsync(qvo), $"{qvo} still offloads TX checksums");

        var ports = await host.Ovs.ListInterfacesAsync(host.VifOptions.IntegrationBridge);
        var ovsPort = Assert.Single(ports, p => p.Name != host.VifOptions.IntegrationBridge);
        Assert.Equal(qvo, ovsPort.Name);
        Assert.Equal(port.PortId.ToString(), ovsPort.ExternalIds[ExternalIdKeys.IfaceId]);
        Assert.Equal(port.MacAddress, ovsPort.ExternalIds[ExternalIdKeys.AttachedMac]);
        Assert.Equal("active", ovsPort.ExternalIds[ExternalIdKeys.IfaceStatus]);
        Assert.Equal(instance.ToString(), ovsPort.ExternalIds[ExternalIdKeys.VmUuid]);
        Assert.Equal(OvsVsctl.DeadVlan, await host.Ovs.GetTagAsync(qvo));
        Assert.Equal("netdev", (await host.Tools.RunAsync("/usr/bin/ovs-vsctl", ["get", "Bridge", host.VifOptions.IntegrationBridge, "datapath_type"], CancellationToken.None)).Trim());

        await host.Plug.UnplugAsync(vif);
        await host.Plug.UnplugAsync(vif); // idempotent

        foreach (var device in new[] { qbr, qvb, qvo })
        {
            Assert.False(await host.Ip.ExistsAsync(device), $"{device} is still on the host after unplug");
        }
        Assert.DoesNotContain(await host.Ovs.ListPortsAsync(host.VifOptions.IntegrationBridge), p => p == qvo);
    }
}
