using Kumo.Network.Agent.Firewall;
using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Tests;

/// <summary>Which established flows a filter change must end (no host): only what a narrower filter no longer admits.</summary>
public sealed class ConntrackFlushTests
{
    private static readonly Guid Group = Guid.NewGuid();
    private static readonly Guid Peers = Guid.NewGuid();
    private static readonly SecurityGroupRule Egress = new(Guid.NewGuid(), Group, "egress", "IPv4", null, null, null, null, null);
    private static readonly SecurityGroupRule Icmp = new(Guid.NewGuid(), Group, "ingress", "IPv4", "icmp", null, null, null, null);
    private static readonly SecurityGroupRule FromPeers = new(Guid.NewGuid(), Group, "ingress", "IPv4", null, null, null, null, Peers);

    [Fact]
    public void Removing_an_ingress_rule_ends_the_flows_towards_the_port_and_adding_one_ends_nothing()
    {
        var flush = ConntrackFlush.Between(Filter([Egress, Icmp]), Filter([Egress]));

        Assert.NotNull(flush);
        Assert.Equal(["10.0.0.5"], flush.Addresses);
        Assert.Equal((true, false), (flush.Ingress, flush.Egress));
        Assert.Null(ConntrackFlush.Between(Filter([Egress]), Filter([Egress, Icmp])));
        Assert.Null(ConntrackFlush.Between(Filter([Egress, Icmp]), Filter([Egress, Icmp])));
    }

    [Fact]
    public void A_removed_egress_rule_ends_flows_from_the_port_and_a_remote_group_losing_a_member_ends_those_towards_it()
    {
        Assert.Equal((false, true), Directions(ConntrackFlush.Between(Filter([Egress, Icmp]), Filter([Icmp]))));

        var before = Filter([FromPeers], new() { [Peers] = new(["10.0.0.7", "10.0.0.8"], []) });
        var after = Filter([FromPeers], new() { [Peers] = new(["10.0.0.7"], []) });
        Assert.Equal((true, false), Directions(ConntrackFlush.Between(before, after)));
        Assert.Null(ConntrackFlush.Between(after, before));
    }

    private static (bool, bool)? Directions(ConntrackFlush? flush) => flush is null ? null : (flush.Ingress, flush.Egress);

    private static PortFilter Filter(IReadOnlyList<SecurityGroupRule> rules, Dictionary<Guid, SecurityGroupMembers>? members = null) =>
        new(new DeviceDetails(Guid.Parse("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"), Guid.NewGuid(), "fa:16:3e:00:00:05", [new FixedIp(Guid.Empty, "10.0.0.5")],
            true, true, [Group], [], 1450, "compute:nova", Guid.NewGuid().ToString()), rules, members ?? []);
}
