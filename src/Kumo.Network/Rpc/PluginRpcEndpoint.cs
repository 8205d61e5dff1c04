using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Network.Db;
using Kumo.Network.Ipam;
using Kumo.Network.Model;
using Kumo.Network.Notifiers;
using Kumo.Network.Plugin;
using Kumo.Objects.Context;
using Kumo.Objects.Events;

namespace Kumo.Network.Rpc;

/// <summary>
/// The server side of topic network-server (Neutron's plugin RPC: RpcCallbacks, SecurityGroupServerRpc,
/// DhcpRpcCallback): what the host agents learn about ports, groups and DHCP, and where they report
/// ports wired (ACTIVE, and network-vif-plugged to Nova for a compute port).
/// </summary>
public sealed class PluginRpcEndpoint : IRpcEndpoint
{
    private readonly NetworkPlugin _plugin;
    private readonly INovaNotifier _nova;
    private readonly RpcDispatcher _dispatcher;

    public PluginRpcEndpoint(NetworkPlugin plugin, INovaNotifier nova)
    {
        _plugin = plugin;
        _nova = nova;
        _dispatcher = new RpcDispatcher("network-server")
            .On(PluginMethods.GetDevicesDetailsList, GetDevicesDetailsListAsync)
            .On(PluginMethods.UpdateDeviceUp, (c, r, ct) => UpdateDeviceAsync(r, PortRecord.StatusActive, ExternalInstanceEvent.NetworkVifPlugged, ct))
            .On(PluginMethods.UpdateDeviceDown, (c, r, ct) => UpdateDeviceAsync(r, PortRecord.StatusDown, ExternalInstanceEvent.NetworkVifUnplugged, ct))
            .On(PluginMethods.SecurityGroupInfoForDevices, SecurityGroupInfoForDevicesAsync)
            .On(PluginMethods.GetActiveNetworks, GetActiveNetworksAsync)
            .On(PluginMethods.GetNetworkInfo, GetNetworkInfoAsync)
            .On(PluginMethods.CreateDhcpPort, CreateDhcpPortAsync)
            .On(PluginMethods.ReleaseDhcpPort, (c, r, ct) => _plugin.ReleaseDhcpPortAsync(r.NetworkId, r.Host, ct));
    }

    private NetworkStore Store => _plugin.Store;

    public Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken) => _dispatcher.DispatchAsync(message, cancellationToken);

    private Task<IReadOnlyList<DeviceDetails>> GetDevicesDetailsListAsync(RequestContext context, DevicesRequest request, CancellationToken cancellationToken) =>
        Store.ReadAsync(async s => await DetailsAsync(s, await s.ListPortsByIdAsync([.. request.PortIds])), cancellationToken);

    private static async Task<IReadOnlyList<DeviceDetails>> DetailsAsync(NetworkSession s, IReadOnlyList<PortRecord> ports)
    {
        var mtus = new Dictionary<Guid, int>();
        foreach (var network in ports.Select(p => p.NetworkId).Distinct())
        {
            mtus[network] = (await s.GetNetworkAsync(network))?.Mtu ?? 0;
        }
        return [.. ports.Select(p => new DeviceDetails(p.Id, p.NetworkId, p.MacAddress, [.. p.FixedIps.Select(ip => new FixedIp(ip.SubnetId, ip.IpAddress))],
            p.AdminStateUp, p.PortSecurityEnabled, p.SecurityGroupIds, [.. p.AllowedAddressPairs.Select(a => new AllowedAddressPair(a.IpAddress, a.MacAddress))],
            mtus[p.NetworkId], p.DeviceOwner, p.DeviceId))];
    }

    /// <summary>update_device_up/down: the new status; Nova hears of a compute port whose status changed. False for a port unknown or bound elsewhere.</summary>
    private async Task<bool> UpdateDeviceAsync(DeviceStatusRequest request, string status, string eventName, CancellationToken cancellationToken)
    {
        var current = await Store.ReadAsync(s => s.GetPortAsync(request.PortId), cancellationToken);
        if (current is null || current.IsBound && current.BindingHostId != request.Host)
        {
            return false;
        }
        if (await _plugin.SetPortStatusAsync(request.PortId, status, cancellationToken) is not var (port, changed))
        {
            return false;
        }
        if (changed && port.IsComputePort && Guid.TryParse(port.DeviceId, out var server))
        {
            await _nova.SendEventsAsync([new ExternalInstanceEvent(server, eventName, port.Id.ToString("D"))], cancellationToken);
        }
        return true;
    }

    private Task<SecurityGroupInfo> SecurityGroupInfoForDevicesAsync(RequestContext context, DevicesRequest request, CancellationToken cancellationToken) =>
        Store.ReadAsync(async s =>
        {
            var ports = await s.ListPortsByIdAsync([.. request.PortIds]);
            var groups = ports.SelectMany(p => p.SecurityGroupIds).Distinct().ToList();
            var rules = await s.ListRulesAsync(groups);
            var members = new Dictionary<Guid, SecurityGroupMembers>();
            foreach (var remote in rules.Where(r => r.RemoteGroupId is not null).Select(r => r.RemoteGroupId!.Value).Distinct())
            {
                members[remote] = Members(await s.ListPortsByIdAsync([.. await s.PortsInGroupsAsync([remote])]));
            }
            return new SecurityGroupInfo(
                groups.ToDictionary(g => g, g => (IReadOnlyList<SecurityGroupRule>)[.. rules.Where(r => r.SecurityGroupId == g).Select(ToRpc)]),
                members,
                await DetailsAsync(s, ports));
        }, cancellationToken);

    /// <summary>A group's member addresses: its ports' fixed IPs and allowed address pairs, by family.</summary>
    private static SecurityGroupMembers Members(IReadOnlyList<PortRecord> ports)
    {
        var addresses = ports.SelectMany(p => p.FixedIps.Select(ip => ip.IpAddress).Concat(p.AllowedAddressPairs.Select(a => a.IpAddress))).Distinct().ToList();
        bool IsV4(string a) => (IpNumber.TryParse(a.Split('/')[0])?.AddressFamily ?? AddressFamily.InterNetwork) == AddressFamily.InterNetwork;
        return new SecurityGroupMembers([.. addresses.Where(IsV4)], [.. addresses.Where(a => !IsV4(a))]);
    }

    private static SecurityGroupRule ToRpc(SecurityGroupRuleRecord r) =>
        new(r.Id, r.SecurityGroupId, r.Direction, r.Ethertype, r.Protocol, r.PortRangeMin, r.PortRangeMax, r.RemoteIpPrefix, r.RemoteGroupId);

    private Task<IReadOnlyList<Guid>> GetActiveNetworksAsync(RequestContext context, HostRequest request, CancellationToken cancellationToken) =>
        Store.ReadAsync<IReadOnlyList<Guid>>(async s =>
        {
            var active = new List<Guid>();
            foreach (var network in (await s.ListPortsAsync(hostId: request.Host)).Select(p => p.NetworkId).Distinct())
            {
                if ((await s.ListSubnetsAsync(network)).Any(x => x.EnableDhcp))
                {
                    active.Add(network);
                }
            }
            return active;
        }, cancellationToken);

    private Task<DhcpNetwork?> GetNetworkInfoAsync(RequestContext context, NetworkRequest request, CancellationToken cancellationToken) =>
        Store.ReadAsync(async s =>
        {
            if (await s.GetNetworkAsync(request.NetworkId) is not { } network)
            {
                return null;
            }
            var subnets = (await s.ListSubnetsAsync(network.Id)).Where(x => x.EnableDhcp).ToList();
            var dhcpSubnets = subnets.Select(x => x.Id).ToHashSet();
            var hosts = (await s.ListPortsAsync(networkId: network.Id))
                .SelectMany(p => p.FixedIps.Where(ip => dhcpSubnets.Contains(ip.SubnetId)).Select(ip => new DhcpHost(p.Id, p.MacAddress, ip.IpAddress, Hostname(p, ip.IpAddress), p.DeviceId, p.ProjectId, p.DeviceOwner)))
                .ToList();
            return (DhcpNetwork?)new DhcpNetwork(network.Id, network.Name, network.Mtu, network.AdminStateUp,
                [.. subnets.Select(x => new DhcpSubnet(x.Id, x.Cidr, x.GatewayIp, x.DnsNameservers, [.. x.HostRoutes.Select(r => new HostRoute(r.Destination, r.Nexthop))],
                    x.IpVersion, _plugin.Options.DhcpLeaseSeconds))],
                hosts);
        }, cancellationToken);

    /// <summary>The port's DNS name, or Neutron's host-10-0-0-5 form of its address.</summary>
    public static string Hostname(PortRecord port, string ipAddress) =>
        string.IsNullOrEmpty(port.DnsName) ? "host-" + ipAddress.Replace('.', '-').Replace(':', '-') : port.DnsName;

    private async Task<DhcpPort> CreateDhcpPortAsync(RequestContext context, DhcpPortRequest request, CancellationToken cancellationToken)
    {
        var port = await _plugin.EnsureDhcpPortAsync(request.NetworkId, request.Host, cancellationToken);
        return new DhcpPort(port.Id, port.NetworkId, port.MacAddress, [.. port.FixedIps.Select(ip => new FixedIp(ip.SubnetId, ip.IpAddress))]);
    }
}
