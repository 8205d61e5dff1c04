using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;
using Kumo.Virt;

namespace Kumo.OsVif.Inventory;

/// <summary>
/// The VIF devices on this host with their owners: every port on the integration bridge that carries an
/// iface-id (owner: the port, and the instance from vm-uuid), and every tap/qbr/qvb/qvo device named
/// after a port id (os-vif's names). A hybrid device whose port is not on the integration bridge is an
/// orphan: nothing plugs a qbr without its qvo.
/// </summary>
public sealed class VifInventory(VifOptions options, IpLink ip, OvsVsctl ovs)
{
    private static readonly string[] DevicePrefixes = ["tap", "qbr", "qvb", "qvo"];
    private const int DeviceNameLength = 14;

    public static VifInventory Create(VifOptions options, Kumo.Common.Processes.ICommandRunner runner)
    {
        var tools = new HostToolRunner(runner);
        return new VifInventory(options, new IpLink(tools), new OvsVsctl(tools));
    }

    public async Task<IReadOnlyList<HostResource>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ports = File.Exists(HostTools.OvsVsctl) ? await ovs.ListInterfacesAsync(options.IntegrationBridge, cancellationToken) : [];
        // The 11 port-id characters in a device name → the OVS interface that carries that port.
        var byPrefix = new Dictionary<string, OvsInterface>(StringComparer.Ordinal);
        var resources = new List<HostResource>();
        foreach (var port in ports.Where(p => p.IfaceId is not null))
        {
            byPrefix[port.IfaceId!.Value.ToString("D")[..11]] = port;
            resources.Add(new HostResource("ovs-port", port.Name, port.VmUuid) { PortId = port.IfaceId, NetworkId = DhcpNetwork(port) });
        }
        foreach (var link in await ip.ListAsync(cancellationToken: cancellationToken))
        {
            if (link.Name.Length != DeviceNameLength || DevicePrefixes.FirstOrDefault(link.Name.StartsWith) is not { } prefix)
            {
                continue;
            }
            byPrefix.TryGetValue(link.Name[3..], out var owner);
            resources.Add(new HostResource(prefix, link.Name, owner?.VmUuid)
            {
                PortId = owner?.IfaceId,
                NetworkId = owner is null ? null : DhcpNetwork(owner),
                Orphaned = owner is null,
            });
        }
        return resources;
    }

    private static Guid? DhcpNetwork(OvsInterface port) =>
        port.ExternalIds.TryGetValue(ExternalIdKeys.DhcpNetwork, out var id) && Guid.TryParse(id, out var network) ? network : null;
}
