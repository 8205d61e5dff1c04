using System.Globalization;

namespace Kumo.Network.Model;

/// <summary>IP protocol names Neutron accepts and their numbers (neutron_lib.constants.IP_PROTOCOL_MAP).</summary>
public static class IpProtocols
{
    public static readonly IReadOnlyDictionary<string, int> Numbers = new Dictionary<string, int>
    {
        ["ah"] = 51, ["dccp"] = 33, ["egp"] = 8, ["esp"] = 50, ["gre"] = 47, ["hopopt"] = 0, ["icmp"] = 1, ["igmp"] = 2,
        ["ipip"] = 4, ["ipv6-encap"] = 41, ["ipv6-frag"] = 44, ["ipv6-icmp"] = 58, ["icmpv6"] = 58, ["ipv6-nonxt"] = 59,
        ["ipv6-opts"] = 60, ["ipv6-route"] = 43, ["ospf"] = 89, ["pgm"] = 113, ["rsvp"] = 46, ["sctp"] = 132, ["tcp"] = 6,
        ["udp"] = 17, ["udplite"] = 136, ["vrrp"] = 112,
    };

    /// <summary>The number of a normalised protocol ("tcp" or "6"); null for any.</summary>
    public static int? Number(string? protocol) =>
        protocol is null ? null : Numbers.TryGetValue(protocol, out var n) ? n : int.Parse(protocol, CultureInfo.InvariantCulture);
}
