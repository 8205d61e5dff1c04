using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Objects.Context;

namespace Kumo.Network.Plugin;

public sealed partial class NetworkPlugin
{
    /// <summary>Neutron's DHCP port device_id: one port per network and host.</summary>
    public static string DhcpDeviceId(string host, Guid networkId) => $"dhcp{host}-{networkId:D}";

    /// <summary>The network's DHCP port on the host, made with an address on each DHCP subnet when missing (checked and made in one transaction).</summary>
    public async Task<PortRecord> EnsureDhcpPortAsync(Guid networkId, string host, CancellationToken cancellationToken = default)
    {
        var context = RequestContext.Admin();
        var deviceId = DhcpDeviceId(host, networkId);
        var (port, created) = await store.WriteAsync(async s =>
        {
            if ((await s.ListPortsAsync(networkId: networkId, deviceId: deviceId)).FirstOrDefault() is { } existing)
            {
                return (existing, false);
            }
            var network = await s.GetNetworkAsync(networkId) ?? throw new NetworkNotFoundException(networkId);
            var subnets = (await s.ListSubnetsAsync(networkId)).Where(x => x.EnableDhcp).ToList();
            var request = new PortAttributes
            {
                NetworkId = Given<Guid>.Of(networkId),
                ProjectId = Given<string>.Of(network.ProjectId),
                DeviceId = Given<string>.Of(deviceId),
                DeviceOwner = Given<string>.Of(PortRecord.OwnerDhcp),
                BindingHostId = Given<string>.Of(host),
                FixedIps = Given<IReadOnlyList<FixedIpRequest>>.Of([.. subnets.Select(x => new FixedIpRequest(x.Id, null))]),
            };
            return (await InsertPortAsync(s, context, request), true);
        }, cancellationToken);
        if (created)
        {
            await NotifyPortChangesAsync(context, [new PortChange(null, port)], cancellationToken);
        }
        return port;
    }

    /// <summary>Removes the network's DHCP port on the host; false when it had none.</summary>
    public async Task<bool> ReleaseDhcpPortAsync(Guid networkId, string host, CancellationToken cancellationToken = default)
    {
        var port = await store.ReadAsync(async s => (await s.ListPortsAsync(networkId: networkId, deviceId: DhcpDeviceId(host, networkId))).FirstOrDefault(), cancellationToken);
        if (port is null)
        {
            return false;
        }
        try
        {
            await DeletePortAsync(RequestContext.Admin(), port.Id, cancellationToken);
            return true;
        }
        catch (PortNotFoundException)
        {
            return false;
        }
    }
}
