using Kumo.Network.Agent.Ovs;

namespace Kumo.Network.Agent.Tests;

public sealed class LocalVlanManagerTests
{
    [Fact]
    public void Each_network_gets_its_own_tag_kept_while_it_has_ports_and_freed_with_its_last()
    {
        var vlans = new LocalVlanManager();
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), p1 = Guid.NewGuid(), p2 = Guid.NewGuid(), p3 = Guid.NewGuid();

        var tagA = vlans.Bind(a, p1);
        Assert.Equal(tagA, vlans.Bind(a, p2));
        var tagB = vlans.Bind(b, p3);
        Assert.NotEqual(tagA, tagB);

        Assert.Null(vlans.Unbind(p1));
        Assert.Equal(tagA, vlans.VlanOf(a));
        Assert.Equal(a, vlans.Unbind(p2));
        Assert.Null(vlans.VlanOf(a));
        Assert.Equal(tagA, vlans.Bind(Guid.NewGuid(), Guid.NewGuid()));
    }

    [Fact]
    public void A_restart_keeps_a_ports_current_tag_when_it_is_free_and_never_hands_out_the_dead_vlan()
    {
        var vlans = new LocalVlanManager();
        Assert.Equal(7, vlans.Bind(Guid.NewGuid(), Guid.NewGuid(), hint: 7));
        Assert.NotEqual(7, vlans.Bind(Guid.NewGuid(), Guid.NewGuid(), hint: 7));
        Assert.NotEqual(4095, vlans.Bind(Guid.NewGuid(), Guid.NewGuid(), hint: 4095));
    }
}
