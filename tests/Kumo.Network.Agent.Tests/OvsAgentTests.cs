using Kumo.Network.Agent.Tests.Support;
using Kumo.Objects.Network;
using Kumo.OsVif.Ovs;

namespace Kumo.Network.Agent.Tests;

public sealed class OvsAgentTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [HostNetworkFact]
    public async Task Plugged_ports_are_tagged_per_network_and_reported_up_and_down()
    {
        await using var host = new TestHost();
        await host.StartAgentAsync();
        Guid networkA = Guid.NewGuid(), networkB = Guid.NewGuid();
        var a1 = host.AddPort(networkA, "10.92.0.5");
        var a2 = host.AddPort(networkA, "10.92.0.6");
        var b1 = host.AddPort(networkB, "10.93.0.5");
        var unknown = host.AddPort(networkB, "10.93.0.9");
        host.Server.Ports.TryRemove(unknown.PortId, out _); // plugged, but the server never heard of it

        foreach (var port in new[] { a1, a2, b1 })
        {
            await host.PlugAsync(port);
        }
        await host.PlugAsync(unknown);

        foreach (var port in new[] { a1, a2, b1 })
        {
            await host.Server.WaitForDeviceUpAsync(port.PortId, Soon);
        }
        int? tagA1 = await host.Ovs.GetTagAsync(HybridPlugNames.OvsVeth(a1.PortId));
        int? tagA2 = await host.Ovs.GetTagAsync(HybridPlugNames.OvsVeth(a2.PortId));
        int? tagB1 = await host.Ovs.GetTagAsync(HybridPlugNames.OvsVeth(b1.PortId));
        Assert.Equal(tagA1, tagA2);
        Assert.NotEqual(tagA1, tagB1);
        Assert.All(new[] { tagA1, tagB1 }, t => Assert.InRange(t!.Value, 1, 4094));
        Assert.Equal(OvsVsctl.DeadVlan, await host.Ovs.GetTagAsync(HybridPlugNames.OvsVeth(unknown.PortId)));
        Assert.False(host.Server.DevicesUp.ContainsKey(unknown.PortId));

        await host.Plug.UnplugAsync(TestHost.VifOf(b1));
        await host.Server.WaitForDeviceDownAsync(b1.PortId, Soon);
        await Wait.UntilAsync(() => Task.FromResult(host.Agent!.Ovs.Vlans.VlanOf(networkB) is null), Soon, "network B's local VLAN to be freed with its last port");
        Assert.Equal(tagA1, host.Agent!.Ovs.Vlans.VlanOf(networkA));
    }
}
