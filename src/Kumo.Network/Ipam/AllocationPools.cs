using System.Net;
using Kumo.Network.Errors;
using Kumo.Network.Model;

namespace Kumo.Network.Ipam;

/// <summary>A subnet's allocation pools: Neutron's defaults (every host address but the gateway) and its checks.</summary>
public static class AllocationPools
{
    /// <summary>The host range split around the gateway, as Neutron's ipam_utils.generate_pools.</summary>
    public static IReadOnlyList<AllocationPool> Default(SubnetCidr cidr, IPAddress? gateway)
    {
        var first = cidr.FirstHost;
        var last = cidr.LastHost;
        if (gateway is null || !cidr.Contains(gateway))
        {
            return [Pool(cidr, first, last)];
        }
        var g = IpNumber.From(gateway);
        var pools = new List<AllocationPool>();
        if (g > first)
        {
            pools.Add(Pool(cidr, first, g - 1 < last ? g - 1 : last));
        }
        if (g < last)
        {
            pools.Add(Pool(cidr, g + 1 > first ? g + 1 : first, last));
        }
        return pools;
    }

    /// <summary>Parses and checks pools given by the user: valid addresses, start ≤ end, inside the CIDR, no overlaps, gateway outside.</summary>
    public static IReadOnlyList<AllocationPool> Validate(SubnetCidr cidr, IReadOnlyList<AllocationPool> pools, IPAddress? gateway)
    {
        var ranges = new List<(UInt128 Start, UInt128 End, AllocationPool Pool)>();
        foreach (var pool in pools)
        {
            var start = IpNumber.TryParse(pool.Start);
            var end = IpNumber.TryParse(pool.End);
            var text = $"{pool.Start}-{pool.End}";
            if (start is null || end is null || start.AddressFamily != cidr.Family || end.AddressFamily != cidr.Family
                || IpNumber.From(start) > IpNumber.From(end))
            {
                throw new InvalidAllocationPoolException(text);
            }
            if (!cidr.Contains(start) || !cidr.Contains(end) || IpNumber.From(start) < cidr.FirstHost || IpNumber.From(end) > cidr.LastHost)
            {
                throw new OutOfBoundsAllocationPoolException(text, cidr.ToString());
            }
            ranges.Add((IpNumber.From(start), IpNumber.From(end), new AllocationPool(start.ToString(), end.ToString())));
        }
        var sorted = ranges.OrderBy(r => r.Start).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Start <= sorted[i - 1].End)
            {
                throw new OverlappingAllocationPoolsException(Text(sorted[i - 1].Pool), Text(sorted[i].Pool), cidr.ToString());
            }
        }
        if (gateway is not null && ranges.FirstOrDefault(r => IpNumber.From(gateway) >= r.Start && IpNumber.From(gateway) <= r.End) is { Pool: { } hit })
        {
            throw new GatewayConflictWithAllocationPoolsException(gateway.ToString(), Text(hit));
        }
        return [.. ranges.Select(r => r.Pool)];
    }

    public static bool Contains(SubnetRecord subnet, IPAddress address) =>
        subnet.AllocationPools.Any(p => IpNumber.From(address) >= IpNumber.From(IPAddress.Parse(p.Start)) && IpNumber.From(address) <= IpNumber.From(IPAddress.Parse(p.End)));

    /// <summary>The lowest address of the pools not in <paramref name="used"/> (canonical text), or null when the subnet is full.</summary>
    public static string? FirstFree(SubnetRecord subnet, IReadOnlySet<string> used)
    {
        foreach (var pool in subnet.AllocationPools)
        {
            var start = IPAddress.Parse(pool.Start);
            var end = IpNumber.From(IPAddress.Parse(pool.End));
            for (var n = IpNumber.From(start); n <= end; n++)
            {
                var candidate = IpNumber.To(n, start.AddressFamily).ToString();
                if (!used.Contains(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static string Text(AllocationPool pool) => $"{pool.Start}-{pool.End}";

    private static AllocationPool Pool(SubnetCidr cidr, UInt128 start, UInt128 end) =>
        new(IpNumber.To(start, cidr.Family).ToString(), IpNumber.To(end, cidr.Family).ToString());
}
