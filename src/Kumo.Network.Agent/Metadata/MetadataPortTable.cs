using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Metadata;

/// <summary>
/// The instance ports of one network by fixed IP, as the DHCP agent last read them from the server:
/// what the proxy identifies a guest by (Neutron's metadata agent looks up network + fixed IP → port).
/// Only compute ports count: a DHCP or router port is no instance.
/// </summary>
public sealed class MetadataPortTable
{
    private volatile IReadOnlyDictionary<string, DhcpHost> _byAddress = new Dictionary<string, DhcpHost>();

    public void Update(IEnumerable<DhcpHost> hosts) =>
        _byAddress = hosts
            .Where(h => h.DeviceId.Length > 0 && h.DeviceOwner.StartsWith("compute:", StringComparison.Ordinal))
            .GroupBy(h => h.IpAddress, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public DhcpHost? Find(string ipAddress) => _byAddress.TryGetValue(ipAddress, out var host) ? host : null;
}
