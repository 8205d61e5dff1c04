using Kumo.Network.Model;
using Kumo.Objects.Context;
using Kumo.Objects.Network;

namespace Kumo.Network.Api;

public sealed partial class NeutronNetworkApi
{
    /// <summary>
    /// Nova's "auto": the one network the project can use (its own, else shared); more than one is
    /// ambiguous. None is refused, except for an implicit request (no "networks" before 2.37): null, no NIC.
    /// </summary>
    private async Task<NetworkRecord?> AutoNetworkAsync(RequestContext context, bool implicitRequest, CancellationToken cancellationToken)
    {
        var usable = (await plugin.ListNetworksAsync(context with { IsAdmin = false }, cancellationToken)).Where(n => !n.RouterExternal).ToList();
        var own = usable.Where(n => n.ProjectId == context.ProjectId).ToList();
        var candidates = own.Count > 0 ? own : usable;
        return candidates.Count switch
        {
            1 => candidates[0],
            0 when implicitRequest => null,
            0 => throw new NoNetworkForAutoException(),
            _ => throw new NetworkAmbiguousException(),
        };
    }

    /// <summary>The groups by name or id among the project's; null (the project's default) when none are asked for.</summary>
    private async Task<IReadOnlyList<Guid>?> ResolveGroupsAsync(string projectId, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return null;
        }
        var project = new RequestContext(RequestContext.NewRequestId(), "nova", projectId) { Roles = ["member"] };
        var groups = await plugin.ListSecurityGroupsAsync(project, cancellationToken);
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            var matches = groups.Where(g => g.Name == name || g.Id.ToString("D") == name).ToList();
            if (matches.Count == 0)
            {
                throw new ServerSecurityGroupNotFoundException(name, projectId);
            }
            ids.Add(matches[0].Id);
        }
        return [.. ids.Distinct()];
    }

    private async Task<NetworkInfo> NetworkInfoOfAsync(IReadOnlyList<PortRecord> ports, CancellationToken cancellationToken)
    {
        if (ports.Count == 0)
        {
            return NetworkInfo.Empty;
        }
        var (networks, subnets) = await plugin.Store.ReadAsync(async s =>
        {
            var networks = new Dictionary<Guid, NetworkRecord>();
            var subnets = new Dictionary<Guid, SubnetRecord>();
            foreach (var id in ports.Select(p => p.NetworkId).Distinct())
            {
                if (await s.GetNetworkAsync(id) is { } network)
                {
                    networks[id] = network;
                }
                foreach (var subnet in await s.ListSubnetsAsync(id))
                {
                    subnets[subnet.Id] = subnet;
                }
            }
            return (networks, subnets);
        }, cancellationToken);
        return new NetworkInfo([.. ports.Select(p => ToVif(p, networks.GetValueOrDefault(p.NetworkId), subnets))]);
    }

    private Vif ToVif(PortRecord port, NetworkRecord? network, IReadOnlyDictionary<Guid, SubnetRecord> subnets)
    {
        var options = plugin.Options;
        var details = port.PortSecurityEnabled
            ? VifDetails.HybridOvs with { DatapathType = options.DatapathType }
            : VifDetails.PlainOvs with { DatapathType = options.DatapathType };
        var vifSubnets = port.FixedIps.GroupBy(ip => ip.SubnetId).Where(g => subnets.ContainsKey(g.Key)).Select(g =>
        {
            var subnet = subnets[g.Key];
            return new VifSubnet(subnet.Id, subnet.Cidr, subnet.GatewayIp, [.. g.Select(ip => ip.IpAddress)], subnet.DnsNameservers,
                [.. subnet.HostRoutes.Select(r => new VifRoute(r.Destination, r.Nexthop))], subnet.EnableDhcp, subnet.IpVersion);
        });
        return new Vif(port.Id, port.NetworkId, port.MacAddress, "ovs", HybridPlugNames.Tap(port.Id), [.. port.FixedIps.Select(ip => ip.IpAddress)],
            network?.Mtu ?? options.DefaultMtu)
        {
            Details = details,
            Bridge = options.IntegrationBridge,
            NetworkLabel = network?.Name ?? "",
            Subnets = [.. vifSubnets],
            Active = port.Status == PortRecord.StatusActive,
        };
    }
}
