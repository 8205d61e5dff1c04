using Kumo.Network.Db;
using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Network.Rpc;
using Kumo.Objects.Context;

namespace Kumo.Network.Plugin;

/// <summary>
/// The network server's core (Neutron's ML2 plugin with the OVS mechanism driver): validates and
/// stores networks, subnets, ports and security groups, hands out addresses, binds ports, and tells
/// the agents of the hosts concerned once a change is committed.
/// </summary>
public sealed partial class NetworkPlugin(NetworkStore store, AgentNotifier agents, NetworkOptions options, TimeProvider time)
{
    public NetworkStore Store => store;

    public NetworkOptions Options => options;

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<NetworkRecord> GetNetworkAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var network = await store.ReadAsync(s => s.GetNetworkAsync(id), cancellationToken);
        return network is not null && NetworkPolicy.CanSee(context, network) ? network : throw new NetworkNotFoundException(id);
    }

    public async Task<IReadOnlyList<NetworkRecord>> ListNetworksAsync(RequestContext context, CancellationToken cancellationToken = default) =>
        [.. (await store.ReadAsync(s => s.ListNetworksAsync(null), cancellationToken)).Where(n => NetworkPolicy.CanSee(context, n))];

    public async Task<IReadOnlyList<NetworkRecord>> CreateNetworksAsync(RequestContext context, IReadOnlyList<NetworkAttributes> requests, CancellationToken cancellationToken = default)
    {
        var networks = requests.Select(r => NewNetwork(context, r)).ToList();
        await store.WriteAsync(async s =>
        {
            foreach (var network in networks)
            {
                await s.InsertNetworkAsync(network);
            }
            return true;
        }, cancellationToken);
        return networks;
    }

    private NetworkRecord NewNetwork(RequestContext context, NetworkAttributes request)
    {
        var project = NetworkPolicy.OwnerFor(context, request.ProjectId, "create_network");
        if (request.Shared.Or(false) && !context.IsAdmin)
        {
            throw new PolicyNotAuthorizedException("create_network:shared");
        }
        if (request.RouterExternal.Or(false) && !context.IsAdmin)
        {
            throw new PolicyNotAuthorizedException("create_network:router:external");
        }
        var mtu = request.Mtu.Or(options.DefaultMtu);
        if (mtu < 68)
        {
            throw InvalidInputException.For("mtu", $"'{mtu}' is too small - must be at least '68'");
        }
        var now = Now;
        return new NetworkRecord
        {
            Id = Guid.NewGuid(),
            ProjectId = project,
            Name = request.Name.Or(""),
            Description = request.Description.Or(""),
            Shared = request.Shared.Or(false),
            AdminStateUp = request.AdminStateUp.Or(true),
            Mtu = mtu,
            RouterExternal = request.RouterExternal.Or(false),
            RevisionNumber = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public async Task<NetworkRecord> UpdateNetworkAsync(RequestContext context, Guid id, NetworkAttributes request, CancellationToken cancellationToken = default)
    {
        var (updated, hosts) = await store.WriteAsync(async s =>
        {
            var network = await s.GetNetworkAsync(id);
            if (network is null || !NetworkPolicy.CanSee(context, network))
            {
                throw new NetworkNotFoundException(id);
            }
            if (!NetworkPolicy.Owns(context, network.ProjectId))
            {
                throw new PolicyNotAuthorizedException("update_network");
            }
            NetworkPolicy.EnsureCanWrite(context, "update_network");
            if ((request.Shared.IsGiven && request.Shared.Value != network.Shared || request.RouterExternal.IsGiven) && !context.IsAdmin)
            {
                throw new PolicyNotAuthorizedException("update_network:shared");
            }
            var changed = network with
            {
                Name = request.Name.Or(network.Name),
                Description = request.Description.Or(network.Description),
                Shared = request.Shared.Or(network.Shared),
                AdminStateUp = request.AdminStateUp.Or(network.AdminStateUp),
                Mtu = request.Mtu.Or(network.Mtu),
                RouterExternal = request.RouterExternal.Or(network.RouterExternal),
                RevisionNumber = network.RevisionNumber + 1,
                UpdatedAt = Now,
            };
            await s.UpdateNetworkAsync(changed);
            return (changed, await NetworkHostsAsync(s, id));
        }, cancellationToken);
        await agents.DhcpNetworkChangedAsync(context, hosts, id, cancellationToken);
        return updated;
    }

    /// <summary>Deletes the network with its subnets and DHCP ports; refused while other ports remain (NetworkInUse).</summary>
    public async Task DeleteNetworkAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var hosts = await store.WriteAsync(async s =>
        {
            var network = await s.GetNetworkAsync(id);
            if (network is null || !NetworkPolicy.CanSee(context, network))
            {
                throw new NetworkNotFoundException(id);
            }
            if (!NetworkPolicy.Owns(context, network.ProjectId))
            {
                throw new PolicyNotAuthorizedException("delete_network");
            }
            NetworkPolicy.EnsureCanWrite(context, "delete_network");
            var ports = await s.ListPortsAsync(networkId: id);
            if (ports.Any(p => p.DeviceOwner != PortRecord.OwnerDhcp))
            {
                throw new NetworkInUseException(id);
            }
            foreach (var port in ports)
            {
                await s.DeletePortAsync(port.Id);
            }
            foreach (var subnet in await s.ListSubnetsAsync(id))
            {
                await s.DeleteSubnetAsync(subnet.Id);
            }
            await s.DeleteNetworkAsync(id);
            return HostsOf(ports);
        }, cancellationToken);
        await agents.NetworkDeleteAsync(context, hosts, id, cancellationToken);
    }

    /// <summary>Hosts whose agents serve the network: where its DHCP ports are and where its ports are bound.</summary>
    /// <summary>The network a new port or subnet names: required, and one the caller can see (else 404, as Neutron hides the rest).</summary>
    private static async Task<NetworkRecord> NetworkOfRequestAsync(NetworkSession s, RequestContext context, Given<Guid> networkId)
    {
        if (!networkId.IsGiven)
        {
            throw InvalidInputException.For("network_id", "network_id is required");
        }
        var network = await s.GetNetworkAsync(networkId.Value);
        return network is not null && NetworkPolicy.CanSee(context, network) ? network : throw new NetworkNotFoundException(networkId.Value);
    }

    private static Task<IReadOnlyList<string>> NetworkHostsAsync(NetworkSession s, Guid networkId) => s.HostsOfNetworkAsync(networkId);

    internal static IReadOnlyList<string> HostsOf(IEnumerable<PortRecord> ports) =>
        [.. ports.Where(p => p.IsBound).Select(p => p.BindingHostId).Distinct(StringComparer.Ordinal)];
}
