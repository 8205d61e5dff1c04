using System.Net;
using Kumo.Network.Db;
using Kumo.Network.Errors;
using Kumo.Network.Ipam;
using Kumo.Network.Model;
using Kumo.Objects.Context;

namespace Kumo.Network.Plugin;

public sealed partial class NetworkPlugin
{
    public async Task<SubnetRecord> GetSubnetAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var found = await store.ReadAsync(async s => await s.GetSubnetAsync(id) is { } subnet ? (subnet, await s.GetNetworkAsync(subnet.NetworkId)) : default, cancellationToken);
        return found.subnet is { } visible && CanSeeSubnet(context, visible, found.Item2) ? visible : throw new SubnetNotFoundException(id);
    }

    public Task<IReadOnlyList<SubnetRecord>> ListSubnetsAsync(RequestContext context, CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<SubnetRecord>>(async s =>
        {
            var networks = (await s.ListNetworksAsync(null)).ToDictionary(n => n.Id);
            return [.. (await s.ListAllSubnetsAsync()).Where(subnet => CanSeeSubnet(context, subnet, networks.GetValueOrDefault(subnet.NetworkId)))];
        }, cancellationToken);

    private static bool CanSeeSubnet(RequestContext context, SubnetRecord subnet, NetworkRecord? network) =>
        NetworkPolicy.Owns(context, subnet.ProjectId) || network is not null && NetworkPolicy.CanSee(context, network);

    public async Task<IReadOnlyList<SubnetRecord>> CreateSubnetsAsync(RequestContext context, IReadOnlyList<SubnetAttributes> requests, CancellationToken cancellationToken = default)
    {
        var (subnets, hosts) = await store.WriteAsync(async s =>
        {
            var created = new List<SubnetRecord>();
            var hosts = new HashSet<string>();
            foreach (var request in requests)
            {
                var subnet = await NewSubnetAsync(s, context, request);
                await s.InsertSubnetAsync(subnet);
                created.Add(subnet);
                hosts.UnionWith(await NetworkHostsAsync(s, subnet.NetworkId));
            }
            return (created, hosts);
        }, cancellationToken);
        foreach (var network in subnets.Select(x => x.NetworkId).Distinct())
        {
            await agents.DhcpNetworkChangedAsync(context, [.. hosts], network, cancellationToken);
        }
        return subnets;
    }

    private async Task<SubnetRecord> NewSubnetAsync(NetworkSession s, RequestContext context, SubnetAttributes request)
    {
        var project = NetworkPolicy.OwnerFor(context, request.ProjectId, "create_subnet");
        var network = await NetworkOfRequestAsync(s, context, request.NetworkId);
        if (!NetworkPolicy.Owns(context, network.ProjectId))
        {
            throw new PolicyNotAuthorizedException("create_subnet");
        }
        var cidr = ParseCidr(request);
        foreach (var existing in await s.ListSubnetsAsync(network.Id))
        {
            var other = SubnetCidr.TryParse(existing.Cidr, out _)!;
            if (other.Family == cidr.Family && other.First <= cidr.Last && cidr.First <= other.Last)
            {
                throw new InvalidInputException(
                    $"Invalid input for operation: Requested subnet with cidr: {cidr} for network: {network.Id} overlaps with another subnet.");
            }
        }
        var gateway = request.GatewayIp.IsGiven
            ? ParseAddress("gateway_ip", request.GatewayIp.Value, cidr)
            : IpNumber.To(cidr.FirstHost, cidr.Family);
        if (gateway is not null && !cidr.Contains(gateway))
        {
            throw new BadRequestException("subnets", $"Gateway {gateway} is not in the subnet {cidr}");
        }
        var pools = request.AllocationPools.IsGiven
            ? AllocationPools.Validate(cidr, request.AllocationPools.Value, gateway)
            : AllocationPools.Default(cidr, gateway);
        var now = Now;
        return new SubnetRecord
        {
            Id = Guid.NewGuid(),
            NetworkId = network.Id,
            ProjectId = project,
            Name = request.Name.Or(""),
            Description = request.Description.Or(""),
            Cidr = cidr.ToString(),
            IpVersion = cidr.IpVersion,
            GatewayIp = gateway?.ToString(),
            EnableDhcp = request.EnableDhcp.Or(true),
            AllocationPools = pools,
            DnsNameservers = ValidateNameservers(request.DnsNameservers.Or([])),
            HostRoutes = ValidateRoutes(request.HostRoutes.Or([])),
            RevisionNumber = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static SubnetCidr ParseCidr(SubnetAttributes request)
    {
        if (!request.Cidr.IsGiven)
        {
            throw new BadRequestException("subnets", "a cidr must be specified in the absence of a subnet pool");
        }
        var cidr = SubnetCidr.TryParse(request.Cidr.Value, out var reason) ?? throw InvalidInputException.For("cidr", reason);
        var version = request.IpVersion.Or(4);
        if (version is not (4 or 6))
        {
            throw InvalidInputException.For("ip_version", $"'{version}' is not in [4, 6]");
        }
        if (cidr.IpVersion != version)
        {
            throw new BadRequestException("subnets", $"Cannot use an IPv{cidr.IpVersion} CIDR with ip_version {version}");
        }
        if (cidr.IpVersion == 4 && cidr.PrefixLength > 30 || cidr.IpVersion == 6 && cidr.PrefixLength > 126)
        {
            throw InvalidInputException.For("cidr", $"'{cidr}' has no room for addresses");
        }
        return cidr;
    }

    private static IPAddress? ParseAddress(string attribute, string? text, SubnetCidr cidr)
    {
        if (text is null)
        {
            return null;
        }
        var address = IpNumber.TryParse(text) ?? throw InvalidInputException.For(attribute, $"'{text}' is not a valid IP address");
        return address.AddressFamily == cidr.Family ? address : throw InvalidInputException.For(attribute, $"'{text}' is not an IPv{cidr.IpVersion} address");
    }

    private static IReadOnlyList<string> ValidateNameservers(IReadOnlyList<string> servers)
    {
        foreach (var server in servers)
        {
            _ = IpNumber.TryParse(server) ?? throw InvalidInputException.For("dns_nameservers", $"'{server}' is not a valid nameserver");
        }
        return servers.Distinct().Count() == servers.Count
            ? servers
            : throw InvalidInputException.For("dns_nameservers", $"Duplicate nameserver in '{string.Join(", ", servers)}'");
    }

    private static IReadOnlyList<SubnetHostRoute> ValidateRoutes(IReadOnlyList<SubnetHostRoute> routes)
    {
        foreach (var route in routes)
        {
            _ = SubnetCidr.TryParse(route.Destination, out var reason) ?? throw InvalidInputException.For("host_routes", reason);
            _ = IpNumber.TryParse(route.Nexthop) ?? throw InvalidInputException.For("host_routes", $"'{route.Nexthop}' is not a valid IP address");
        }
        return routes;
    }

    public async Task<SubnetRecord> UpdateSubnetAsync(RequestContext context, Guid id, SubnetAttributes request, CancellationToken cancellationToken = default)
    {
        var (updated, hosts) = await store.WriteAsync(async s =>
        {
            var subnet = await OwnedSubnetAsync(s, context, id, "update_subnet");
            var cidr = SubnetCidr.TryParse(subnet.Cidr, out _)!;
            var gateway = request.GatewayIp.IsGiven ? ParseAddress("gateway_ip", request.GatewayIp.Value, cidr) : IpNumber.TryParse(subnet.GatewayIp);
            if (gateway is not null && !cidr.Contains(gateway))
            {
                throw new BadRequestException("subnets", $"Gateway {gateway} is not in the subnet {cidr}");
            }
            var pools = AllocationPools.Validate(cidr, request.AllocationPools.Or(subnet.AllocationPools), gateway);
            var changed = subnet with
            {
                Name = request.Name.Or(subnet.Name),
                Description = request.Description.Or(subnet.Description),
                GatewayIp = gateway?.ToString(),
                EnableDhcp = request.EnableDhcp.Or(subnet.EnableDhcp),
                AllocationPools = pools,
                DnsNameservers = ValidateNameservers(request.DnsNameservers.Or(subnet.DnsNameservers)),
                HostRoutes = ValidateRoutes(request.HostRoutes.Or(subnet.HostRoutes)),
                RevisionNumber = subnet.RevisionNumber + 1,
                UpdatedAt = Now,
            };
            await s.UpdateSubnetAsync(changed);
            return (changed, await NetworkHostsAsync(s, subnet.NetworkId));
        }, cancellationToken);
        await agents.DhcpNetworkChangedAsync(context, hosts, updated.NetworkId, cancellationToken);
        return updated;
    }

    /// <summary>Deletes a subnet; refused while a port other than a DHCP port has an address on it (SubnetInUse).</summary>
    public async Task DeleteSubnetAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var (networkId, hosts) = await store.WriteAsync(async s =>
        {
            var subnet = await OwnedSubnetAsync(s, context, id, "delete_subnet");
            var ports = await s.ListPortsAsync(networkId: subnet.NetworkId);
            var holders = ports.Where(p => p.FixedIps.Any(ip => ip.SubnetId == id)).ToList();
            if (holders.Any(p => p.DeviceOwner != PortRecord.OwnerDhcp))
            {
                throw new SubnetInUseException(id);
            }
            foreach (var dhcp in holders)
            {
                var kept = dhcp with { FixedIps = [.. dhcp.FixedIps.Where(ip => ip.SubnetId != id)], RevisionNumber = dhcp.RevisionNumber + 1, UpdatedAt = Now };
                foreach (var ip in dhcp.FixedIps.Where(ip => ip.SubnetId == id))
                {
                    await s.ReleaseAsync(dhcp.Id, id, ip.IpAddress);
                }
                await s.UpdatePortAsync(kept);
            }
            await s.DeleteSubnetAsync(id);
            return (subnet.NetworkId, HostsOf(ports));
        }, cancellationToken);
        await agents.DhcpNetworkChangedAsync(context, hosts, networkId, cancellationToken);
    }

    private static async Task<SubnetRecord> OwnedSubnetAsync(NetworkSession s, RequestContext context, Guid id, string action)
    {
        var subnet = await s.GetSubnetAsync(id);
        var network = subnet is null ? null : await s.GetNetworkAsync(subnet.NetworkId);
        if (subnet is null || !CanSeeSubnet(context, subnet, network))
        {
            throw new SubnetNotFoundException(id);
        }
        if (!NetworkPolicy.Owns(context, subnet.ProjectId))
        {
            throw new PolicyNotAuthorizedException(action);
        }
        NetworkPolicy.EnsureCanWrite(context, action);
        return subnet;
    }
}
