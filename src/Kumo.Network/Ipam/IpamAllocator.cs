using Kumo.Network.Db;
using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Network.Plugin;

namespace Kumo.Network.Ipam;

/// <summary>
/// Neutron's IPAM: takes a port's addresses inside the write transaction. An address is taken by
/// inserting it into ipam_allocations, whose key (subnet, ip) the engine keeps unique: a collision with
/// a concurrent port is seen as "not taken" and the next free address is tried, so no address is ever
/// handed out twice, and a full subnet fails the whole transaction (nothing created).
/// </summary>
public static class IpamAllocator
{
    /// <summary>The port's fixed IPs: as requested, or one address from the first IPv4 (else IPv6) subnet with room.</summary>
    public static async Task<IReadOnlyList<PortFixedIp>> AllocateAsync(NetworkSession s, NetworkRecord network, IReadOnlyList<SubnetRecord> subnets,
        Guid portId, IReadOnlyList<FixedIpRequest>? requested)
    {
        if (requested is null)
        {
            if (subnets.Count == 0)
            {
                return [];
            }
            foreach (var subnet in subnets.OrderBy(x => x.IpVersion).ThenBy(x => x.CreatedAt))
            {
                if (await TryNextFreeAsync(s, network, subnet, portId) is { } address)
                {
                    return [new PortFixedIp(subnet.Id, address)];
                }
            }
            throw new IpAddressGenerationFailureException(network.Id);
        }
        var result = new List<PortFixedIp>();
        foreach (var request in requested)
        {
            result.Add(await AllocateOneAsync(s, network, subnets, portId, request));
        }
        return result;
    }

    private static async Task<PortFixedIp> AllocateOneAsync(NetworkSession s, NetworkRecord network, IReadOnlyList<SubnetRecord> subnets, Guid portId, FixedIpRequest request)
    {
        SubnetRecord? subnet = null;
        if (request.SubnetId is { } subnetId)
        {
            subnet = subnets.FirstOrDefault(x => x.Id == subnetId)
                ?? throw new BadRequestException("port", $"Failed to create port on network {network.Id}, because fixed_ips included invalid subnet {subnetId}");
        }
        if (request.IpAddress is null)
        {
            return subnet is null
                ? throw InvalidInputException.For("fixed_ips", "each entry needs a subnet_id or an ip_address")
                : new PortFixedIp(subnet.Id, await TryNextFreeAsync(s, network, subnet, portId) ?? throw new IpAddressGenerationFailureException(network.Id));
        }
        var address = IpNumber.TryParse(request.IpAddress) ?? throw InvalidInputException.For("fixed_ips", $"'{request.IpAddress}' is not a valid IP address");
        subnet ??= subnets.FirstOrDefault(x => SubnetCidr.TryParse(x.Cidr, out _)!.Contains(address)) ?? throw new InvalidIpForNetworkException(request.IpAddress);
        var cidr = SubnetCidr.TryParse(subnet.Cidr, out _)!;
        var n = IpNumber.From(address);
        if (!cidr.Contains(address) || n < cidr.FirstHost || n > cidr.LastHost || address.ToString() == subnet.GatewayIp)
        {
            throw new InvalidIpForSubnetException(request.IpAddress);
        }
        return await s.TryAllocateAsync(subnet.Id, address.ToString(), network.Id, portId)
            ? new PortFixedIp(subnet.Id, address.ToString())
            : throw new IpAddressAlreadyAllocatedException(address.ToString(), subnet.Id);
    }

    private static async Task<string?> TryNextFreeAsync(NetworkSession s, NetworkRecord network, SubnetRecord subnet, Guid portId)
    {
        var used = new HashSet<string>(await s.UsedAddressesAsync(subnet.Id));
        while (AllocationPools.FirstFree(subnet, used) is { } candidate)
        {
            if (await s.TryAllocateAsync(subnet.Id, candidate, network.Id, portId))
            {
                return candidate;
            }
            used.Add(candidate);
        }
        return null;
    }
}
