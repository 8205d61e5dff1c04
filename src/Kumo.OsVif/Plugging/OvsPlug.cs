using Kumo.Objects.Network;
using Kumo.OsVif.Ovs;

namespace Kumo.OsVif.Plugging;

/// <summary>
/// os-vif's plain ovs plug (port security off: no iptables, no qbr): libvirt itself adds the tap to the
/// integration bridge (&lt;virtualport type='openvswitch'&gt; with the port id as interfaceid, which it
/// writes as external-ids:iface-id). Plug only makes sure the bridge exists; unplug removes the OVS port
/// in case libvirt did not (a guest that died without libvirt noticing).
/// </summary>
public sealed class OvsPlug(VifOptions options, OvsVsctl ovs) : IVifPlugger
{
    public Task PlugAsync(Guid instanceUuid, Vif vif, CancellationToken cancellationToken = default) =>
        ovs.AddBridgeAsync(options.IntegrationBridge, options.DatapathType, cancellationToken);

    public async Task UnplugAsync(Vif vif, CancellationToken cancellationToken = default)
    {
        var tap = HybridPlugNames.Tap(vif.PortId);
        if (await ovs.InterfaceBridgeAsync(tap, cancellationToken) is { } bridge)
        {
            await ovs.DeletePortAsync(bridge, tap, cancellationToken);
        }
    }
}
