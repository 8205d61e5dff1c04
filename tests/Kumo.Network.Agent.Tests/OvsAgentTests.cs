using Kumo.Network.Agent.Tests.Support;
using Kumo.Objects.Network;
using Kumo.Network.Rpc;
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

public sealed class OvsAgentCastTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [HostNetworkFact]
    public async Task Port_update_with_admin_state_down_parks_the_port_on_the_dead_vlan_and_up_again_restores_its_tag()
    {
        await using var host = new TestHost();
        await host.StartAgentAsync();
        var port = host.AddPort(Guid.NewGuid(), "10.93.5.5");
        await host.PlugAsync(port);
        await host.Server.WaitForDeviceUpAsync(port.PortId, Soon);
        var qvo = HybridPlugNames.OvsVeth(port.PortId);
        var tag = await host.Ovs.GetTagAsync(qvo);

        host.Server.Ports[port.PortId] = port with { AdminStateUp = false };
        await CastAsync(host, AgentMethods.PortUpdate, port.PortId);
        await Wait.UntilAsync(async () => await host.Ovs.GetTagAsync(qvo) == OvsVsctl.DeadVlan, Soon, "the admin-down port to be moved to the dead VLAN");

        host.Server.Ports[port.PortId] = port;
        await CastAsync(host, AgentMethods.PortUpdate, port.PortId);
        await Wait.UntilAsync(async () => await host.Ovs.GetTagAsync(qvo) == tag, Soon, "the port to get its network's tag back");

        await CastAsync(host, AgentMethods.PortDelete, port.PortId);
        await Wait.UntilAsync(async () => await host.Ovs.GetTagAsync(qvo) == OvsVsctl.DeadVlan, Soon, "the deleted port to be moved to the dead VLAN");
    }

    private static Task CastAsync(TestHost host, Kumo.Messaging.Typed.RpcCast<Kumo.Network.Rpc.PortsChanged> method, Guid portId) =>
        Kumo.Messaging.Typed.TypedBus.CastAsync(host.Bus, Kumo.Network.Rpc.AgentMethods.Topic(host.Host), method, Kumo.Objects.Context.RequestContext.Admin(), new Kumo.Network.Rpc.PortsChanged([portId]));
}
