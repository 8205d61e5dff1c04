using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Firewall;

/// <summary>
/// Which tracked flows of a port a filter change must end (Neutron's IpConntrackManager after a rule update):
/// the firewall lets ESTABLISHED flows through before any rule, so a flow a removed rule admitted (a running
/// ping, an open connection) would keep passing until conntrack forgets it. A removed ingress rule, or a remote
/// group that lost members, ends the flows towards the port's addresses; a removed egress rule those from them.
/// </summary>
public sealed record ConntrackFlush(IReadOnlyList<string> Addresses, bool Ingress, bool Egress)
{
    /// <summary>What changing <paramref name="old"/> into <paramref name="updated"/> takes away; null when it only adds.</summary>
    public static ConntrackFlush? Between(PortFilter old, PortFilter updated)
    {
        var kept = updated.Rules.ToHashSet();
        var removed = old.Rules.Where(r => !kept.Contains(r)).ToList();
        var shrunk = old.Members.Where(m => !updated.Members.TryGetValue(m.Key, out var now) || m.Value.IPv4.Except(now.IPv4).Any() || m.Value.IPv6.Except(now.IPv6).Any())
            .Select(m => m.Key).ToHashSet();
        var narrowed = removed.Concat(updated.Rules.Where(r => r.RemoteGroupId is { } g && shrunk.Contains(g))).ToList();
        var ingress = narrowed.Any(r => r.Direction == "ingress");
        var egress = narrowed.Any(r => r.Direction == "egress");
        return ingress || egress ? new ConntrackFlush([.. updated.Port.FixedIps.Select(ip => ip.IpAddress)], ingress, egress) : null;
    }

    public ConntrackFlush Merge(ConntrackFlush? other) =>
        other is null ? this : new ConntrackFlush([.. Addresses.Union(other.Addresses)], Ingress || other.Ingress, Egress || other.Egress);
}
