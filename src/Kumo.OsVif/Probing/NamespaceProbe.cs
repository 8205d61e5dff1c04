using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;

namespace Kumo.OsVif.Probing;

/// <summary>
/// neutron-debug's probe: a port of a network, plugged on the integration bridge as an OVS internal port and moved
/// into its own namespace qprobe-&lt;port id&gt; with the port's MAC and addresses, so an operator (or a test) can
/// reach the network's guests from the host: <c>ip netns exec qprobe-&lt;port&gt; ping ...</c>. The OVS port carries
/// the port's iface-id and attached-mac, so the OVS agent puts it on its network's local VLAN (it starts on the dead
/// VLAN) and reports it up; the port's owner should be network:probe (not filtered) and its binding host this host.
/// </summary>
public sealed class NamespaceProbe(VifOptions options, HostToolRunner tools)
{
    public const string NamespacePrefix = "qprobe-";

    private readonly IpLink _ip = new(tools);
    private readonly IpNetns _netns = new(tools);
    private readonly OvsVsctl _ovs = new(tools);

    public static string Namespace(Guid portId) => NamespacePrefix + portId.ToString("D");

    /// <summary>Neutron's interface driver name: tap + the port id's first 11 characters (IFNAMSIZ).</summary>
    public static string Device(Guid portId) => "tap" + portId.ToString("D")[..11];

    public static Guid? PortOfNamespace(string name) =>
        name.StartsWith(NamespacePrefix, StringComparison.Ordinal) && Guid.TryParse(name[NamespacePrefix.Length..], out var id) ? id : null;

    /// <summary>Plugs the probe; returns its namespace. Plugging a probe that exists again re-applies its MAC, MTU and addresses.</summary>
    public async Task<string> PlugAsync(ProbePort port, CancellationToken cancellationToken = default)
    {
        var ns = Namespace(port.PortId);
        var device = Device(port.PortId);
        await _ovs.AddBridgeAsync(options.IntegrationBridge, options.DatapathType, cancellationToken);
        await _netns.AddAsync(ns, cancellationToken);
        if (!await _ip.ExistsAsync(device, ns, cancellationToken))
        {
            // A port left without its device in the namespace (a failed plug, a deleted namespace) is made again.
            await _ovs.DeletePortAsync(options.IntegrationBridge, device, cancellationToken);
            await _ovs.AddInternalPortAsync(options.IntegrationBridge, device, new Dictionary<string, string>
            {
                [ExternalIdKeys.IfaceId] = port.PortId.ToString("D"),
                [ExternalIdKeys.AttachedMac] = port.MacAddress,
                [ExternalIdKeys.IfaceStatus] = "active",
            }, OvsVsctl.DeadVlan, cancellationToken);
            await _ip.SetNetnsAsync(device, ns, cancellationToken);
        }
        await _ip.SetAddressAsync(device, port.MacAddress, ns, cancellationToken);
        await _ip.SetMtuAsync(device, port.Mtu, ns, cancellationToken);
        foreach (var address in port.Addresses)
        {
            await _ip.AddAddressAsync(device, address, ns, cancellationToken);
        }
        await _ip.SetUpAsync(device, ns, cancellationToken);
        return ns;
    }

    /// <summary>Removes the OVS port (ovs-vswitchd deletes its device, also inside the namespace) and the namespace; idempotent.</summary>
    public async Task UnplugAsync(Guid portId, CancellationToken cancellationToken = default)
    {
        if (await _ovs.InterfaceBridgeAsync(Device(portId), cancellationToken) is { } bridge)
        {
            await _ovs.DeletePortAsync(bridge, Device(portId), cancellationToken);
        }
        await _netns.DeleteAsync(Namespace(portId), cancellationToken);
    }
}
