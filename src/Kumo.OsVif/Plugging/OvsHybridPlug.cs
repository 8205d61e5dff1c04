using Kumo.Objects.Network;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;

namespace Kumo.OsVif.Plugging;

/// <summary>
/// os-vif's ovs plugin with ovs_hybrid_plug: tap → qbr&lt;id&gt; (Linux bridge, where iptables filters the
/// port) → veth qvb&lt;id&gt;/qvo&lt;id&gt; → the integration bridge. libvirt creates the tap into qbr when the
/// domain starts. A new qvo joins on the dead VLAN; the OVS agent moves it to its network's local VLAN
/// once the port is wired and filtered.
/// </summary>
public sealed class OvsHybridPlug(VifOptions options, IpLink ip, Ethtool ethtool, OvsVsctl ovs) : IVifPlugger
{
    public async Task PlugAsync(Guid instanceUuid, Vif vif, CancellationToken cancellationToken = default)
    {
        var qbr = HybridPlugNames.Bridge(vif.PortId);
        var qvb = HybridPlugNames.BridgeVeth(vif.PortId);
        var qvo = HybridPlugNames.OvsVeth(vif.PortId);
        await ovs.AddBridgeAsync(options.IntegrationBridge, options.DatapathType, cancellationToken);
        await ip.AddBridgeAsync(qbr, cancellationToken);
        if (!await ip.ExistsAsync(qvb, cancellationToken: cancellationToken))
        {
            await ip.AddVethAsync(qvb, qvo, vif.Mtu, cancellationToken);
        }
        else
        {
            await ip.SetMtuAsync(qvb, vif.Mtu, cancellationToken: cancellationToken);
            await ip.SetMtuAsync(qvo, vif.Mtu, cancellationToken: cancellationToken);
        }
        await ethtool.TxOffAsync(qvb, cancellationToken: cancellationToken);
        await ethtool.TxOffAsync(qvo, cancellationToken: cancellationToken);
        await ip.SetUpAsync(qvb, cancellationToken: cancellationToken);
        await ip.SetUpAsync(qvo, cancellationToken: cancellationToken);
        await ip.SetMasterAsync(qvb, qbr, cancellationToken);
        var isNew = await ovs.InterfaceBridgeAsync(qvo, cancellationToken) is null;
        // A re-plug (restart) keeps the tag the agent gave the port; only a new port starts dead.
        await ovs.AddPortAsync(options.IntegrationBridge, qvo, ExternalIds(instanceUuid, vif), isNew ? OvsVsctl.DeadVlan : null, cancellationToken);
    }

    public async Task UnplugAsync(Vif vif, CancellationToken cancellationToken = default)
    {
        var qvo = HybridPlugNames.OvsVeth(vif.PortId);
        var bridge = await ovs.InterfaceBridgeAsync(qvo, cancellationToken) ?? options.IntegrationBridge;
        await ovs.DeletePortAsync(bridge, qvo, cancellationToken);
        await ip.DeleteAsync(HybridPlugNames.BridgeVeth(vif.PortId), cancellationToken: cancellationToken);
        await ip.DeleteAsync(qvo, cancellationToken: cancellationToken);
        await ip.DeleteAsync(HybridPlugNames.Bridge(vif.PortId), cancellationToken: cancellationToken);
    }

    internal static IReadOnlyDictionary<string, string> ExternalIds(Guid instanceUuid, Vif vif) =>
        new Dictionary<string, string>
        {
            [ExternalIdKeys.IfaceId] = vif.PortId.ToString("D"),
            [ExternalIdKeys.AttachedMac] = vif.MacAddress,
            [ExternalIdKeys.IfaceStatus] = "active",
            [ExternalIdKeys.VmUuid] = instanceUuid.ToString("D"),
        };
}
