using System.Text;
using Kumo.Network.Agent.Firewall;
using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Tests;

/// <summary>The rule text alone (no host): what Neutron's hybrid driver would write for the same port.</summary>
public sealed class IptablesRulesTests
{
    private static readonly Guid PortId = Guid.Parse("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7");
    private static readonly Guid Group = Guid.NewGuid();
    private static readonly Guid Peers = Guid.NewGuid();
    private static readonly IptablesChainNames Names = new("kumo");

    [Fact]
    public void Remote_group_rules_expand_to_the_members_and_ports_and_icmp_types_are_matched()
    {
        var text = Rules(
            [
                Rule("ingress", "tcp", 22, 22, remoteGroup: Peers),
                Rule("ingress", "udp", 5000, 5010, prefix: "192.0.2.0/24"),
                Rule("ingress", "icmp", 8, 0),
                Rule("ingress", "tcp", 80, 80, ethertype: "IPv6"),
                Rule("egress", null, null, null),
            ],
            new Dictionary<Guid, SecurityGroupMembers> { [Peers] = new(["10.0.0.7", "10.0.0.8"], ["fd00::7"]) });

        Assert.Contains("-A kumo-i3e4f5a6b-7c -s 10.0.0.7/32 -p tcp -m tcp --dport 22 -j RETURN\n", text);
        Assert.Contains("-A kumo-i3e4f5a6b-7c -s 10.0.0.8/32 -p tcp -m tcp --dport 22 -j RETURN\n", text);
        Assert.Contains("-A kumo-i3e4f5a6b-7c -s 192.0.2.0/24 -p udp -m udp --dport 5000:5010 -j RETURN\n", text);
        Assert.Contains("-A kumo-i3e4f5a6b-7c -p icmp -m icmp --icmp-type 8/0 -j RETURN\n", text);
        Assert.DoesNotContain("--dport 80", text);
        Assert.Contains("-A kumo-o3e4f5a6b-7c -j RETURN\n", text);
    }

    [Fact]
    public void A_port_is_anti_spoofed_on_its_mac_and_addresses_and_its_allowed_pairs()
    {
        var text = Rules([], new Dictionary<Guid, SecurityGroupMembers>(), pairs: [new AllowedAddressPair("10.0.0.100", null), new AllowedAddressPair("10.0.1.0/24", "fa:16:3e:99:99:99")]);

        var spoof = text.Split('\n').Where(l => l.StartsWith("-A kumo-s3e4f5a6b-7c ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "-A kumo-s3e4f5a6b-7c -s 10.0.0.5/32 -m mac --mac-source fa:16:3e:12:34:56 -j RETURN",
                "-A kumo-s3e4f5a6b-7c -s 10.0.0.100/32 -m mac --mac-source fa:16:3e:12:34:56 -j RETURN",
                "-A kumo-s3e4f5a6b-7c -s 10.0.1.0/24 -m mac --mac-source fa:16:3e:99:99:99 -j RETURN",
                "-A kumo-s3e4f5a6b-7c -j DROP",
            ],
            spoof);
        // The guest may ask for DHCP (also before it has an address) but never serve it.
        Assert.Contains("-A kumo-o3e4f5a6b-7c -s 0.0.0.0/32 -d 255.255.255.255/32 -p udp -m udp --sport 68 --dport 67 -j RETURN\n", text);
        Assert.Contains("-A kumo-o3e4f5a6b-7c -p udp -m udp --sport 67 --dport 68 -j DROP\n", text);
        Assert.Contains("-A kumo-FORWARD -m physdev --physdev-out tap3e4f5a6b-7c --physdev-is-bridged -j kumo-sg-chain\n", text);
        Assert.Contains("-A kumo-FORWARD -m physdev --physdev-in tap3e4f5a6b-7c --physdev-is-bridged -j kumo-sg-chain\n", text);
        Assert.EndsWith("-A kumo-i3e4f5a6b-7c -j kumo-sg-fallback\n", text[..(text.IndexOf("-A kumo-o3e4f5a6b-7c -s 0.0.0.0", StringComparison.Ordinal))]);
    }

    private static string Rules(IReadOnlyList<SecurityGroupRule> rules, IReadOnlyDictionary<Guid, SecurityGroupMembers> members, IReadOnlyList<AllowedAddressPair>? pairs = null)
    {
        var port = new DeviceDetails(PortId, Guid.NewGuid(), "fa:16:3e:12:34:56", [new FixedIp(Guid.NewGuid(), "10.0.0.5")], true, true, [Group],
            pairs ?? [], 1450, "compute:nova", Guid.NewGuid().ToString());
        var text = new StringBuilder();
        IptablesRules.AppendPort(text, Names, new PortFilter(port, rules, members));
        return text.ToString();
    }

    private static SecurityGroupRule Rule(string direction, string? protocol, int? min, int? max, string ethertype = "IPv4", string? prefix = null, Guid? remoteGroup = null) =>
        new(Guid.NewGuid(), Group, direction, ethertype, protocol, min, max, prefix, remoteGroup);
}
