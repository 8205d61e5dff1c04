using System.Globalization;
using System.Text;
using Kumo.Network.Rpc;
using Kumo.Objects.Network;

namespace Kumo.Network.Agent.Firewall;

/// <summary>
/// The rules of one filtered port, after Neutron's IptablesFirewallDriver: bridged traffic leaving the
/// tap (to the guest) goes through the ingress chain, traffic entering from it (from the guest) through
/// the egress chain, which first checks MAC/IP spoofing. Established/related pass, invalid drop, the
/// guest may ask for DHCP but never answer it; whatever no rule allows falls to the fallback DROP.
/// IPv4 only: IPv6 rules need ip6tables and are skipped.
/// </summary>
internal static class IptablesRules
{
    public static void AppendPort(StringBuilder text, IptablesChainNames names, PortFilter filter)
    {
        var port = filter.Port;
        var tap = HybridPlugNames.Tap(port.PortId);
        string i = names.Ingress(port.PortId), o = names.Egress(port.PortId), s = names.Spoof(port.PortId);
        Add(text, names.Forward, $"-m physdev --physdev-out {tap} --physdev-is-bridged -j {names.SgChain}");
        Add(text, names.Forward, $"-m physdev --physdev-in {tap} --physdev-is-bridged -j {names.SgChain}");
        Add(text, names.SgChain, $"-m physdev --physdev-out {tap} --physdev-is-bridged -j {i}");
        Add(text, names.SgChain, $"-m physdev --physdev-in {tap} --physdev-is-bridged -j {o}");

        Add(text, i, "-m state --state RELATED,ESTABLISHED -j RETURN");
        Add(text, i, "-m state --state INVALID -j DROP");
        Add(text, i, "-p udp -m udp --sport 67 --dport 68 -j RETURN");
        foreach (var rule in Rules(filter, "ingress"))
        {
            Add(text, i, rule);
        }
        Add(text, i, $"-j {names.Fallback}");

        Add(text, o, "-s 0.0.0.0/32 -d 255.255.255.255/32 -p udp -m udp --sport 68 --dport 67 -j RETURN");
        Add(text, o, $"-j {s}");
        Add(text, o, "-p udp -m udp --sport 68 --dport 67 -j RETURN");
        Add(text, o, "-p udp -m udp --sport 67 --dport 68 -j DROP");
        Add(text, o, "-m state --state RELATED,ESTABLISHED -j RETURN");
        Add(text, o, "-m state --state INVALID -j DROP");
        foreach (var rule in Rules(filter, "egress"))
        {
            Add(text, o, rule);
        }
        Add(text, o, $"-j {names.Fallback}");

        foreach (var (ip, mac) in AllowedSources(port))
        {
            Add(text, s, $"-s {ip} -m mac --mac-source {mac} -j RETURN");
        }
        Add(text, s, "-j DROP");
    }

    private static IEnumerable<(string Ip, string Mac)> AllowedSources(DeviceDetails port)
    {
        foreach (var fixedIp in port.FixedIps.Where(f => IsIPv4(f.IpAddress)))
        {
            yield return (Host(fixedIp.IpAddress), port.MacAddress);
        }
        foreach (var pair in port.AllowedAddressPairs.Where(p => IsIPv4(p.IpAddress)))
        {
            yield return (pair.IpAddress.Contains('/', StringComparison.Ordinal) ? pair.IpAddress : Host(pair.IpAddress), pair.MacAddress ?? port.MacAddress);
        }
    }

    /// <summary>Each security group rule of the direction as iptables arguments, remote groups expanded to their members.</summary>
    private static IEnumerable<string> Rules(PortFilter filter, string direction)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in filter.Rules.Where(r => r.Direction == direction && r.Ethertype == "IPv4"))
        {
            var match = Match(rule);
            foreach (var remote in Remotes(rule, filter.Members))
            {
                var address = remote is null ? "" : (direction == "ingress" ? $"-s {remote} " : $"-d {remote} ");
                var line = $"{address}{match}-j RETURN";
                if (seen.Add(line))
                {
                    yield return line;
                }
            }
        }
    }

    /// <summary>null stands for "any address"; a remote group with no members yields nothing (no one to allow).</summary>
    private static IEnumerable<string?> Remotes(SecurityGroupRule rule, IReadOnlyDictionary<Guid, SecurityGroupMembers> members)
    {
        if (rule.RemoteGroupId is { } group)
        {
            return members.TryGetValue(group, out var m) ? m.IPv4.Select(Host) : [];
        }
        return rule.RemoteIpPrefix is null or "0.0.0.0/0" ? [null] : [rule.RemoteIpPrefix];
    }

    private static string Match(SecurityGroupRule rule)
    {
        var protocol = rule.Protocol switch
        {
            "6" => "tcp",
            "17" => "udp",
            "1" => "icmp",
            var p => p,
        };
        if (protocol is null)
        {
            return "";
        }
        var text = new StringBuilder($"-p {protocol} ");
        if (protocol is "tcp" or "udp" && rule.PortRangeMin is { } min)
        {
            var max = rule.PortRangeMax ?? min;
            text.Append(CultureInfo.InvariantCulture, $"-m {protocol} --dport {(min == max ? $"{min}" : $"{min}:{max}")} ");
        }
        else if (protocol == "icmp" && rule.PortRangeMin is { } type)
        {
            text.Append(CultureInfo.InvariantCulture, $"-m icmp --icmp-type {(rule.PortRangeMax is { } code ? $"{type}/{code}" : $"{type}")} ");
        }
        return text.ToString();
    }

    private static void Add(StringBuilder text, string chain, string rule) => text.Append("-A ").Append(chain).Append(' ').Append(rule).Append('\n');

    private static bool IsIPv4(string address) => !address.Contains(':', StringComparison.Ordinal);

    private static string Host(string address) => address.Contains('/', StringComparison.Ordinal) ? address : address + "/32";
}
