using System.Globalization;
using Kumo.Network.Errors;
using Kumo.Network.Ipam;
using Kumo.Network.Model;

namespace Kumo.Network.Plugin;

/// <summary>Neutron's rule validation and normalisation (protocol names and numbers, port and ICMP ranges, remote prefix).</summary>
public static class SecurityGroupRules
{
    private static readonly HashSet<int> PortProtocols = [6, 17, 132, 33, 136];
    private static readonly HashSet<int> IcmpProtocols = [1, 58];

    public static string Direction(string direction) => direction is "ingress" or "egress"
        ? direction
        : throw InvalidInputException.For("direction", $"'{direction}' is not in ['ingress', 'egress']");

    public static string Ethertype(string ethertype) => ethertype.ToUpperInvariant() switch
    {
        "IPV4" => "IPv4",
        "IPV6" => "IPv6",
        _ => throw InvalidInputException.For("ethertype", $"'{ethertype}' is not in ['IPv4', 'IPv6']"),
    };

    /// <summary>A name in lower case or a number 0-255 as text; null (any) for null, "" and "any".</summary>
    public static string? Protocol(string? protocol)
    {
        if (protocol is null || protocol.Length == 0 || protocol.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var name = protocol.ToLowerInvariant();
        if (IpProtocols.Numbers.ContainsKey(name))
        {
            return name;
        }
        return int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 255
            ? number.ToString(CultureInfo.InvariantCulture)
            : throw new SecurityGroupRuleInvalidProtocolException(protocol, IpProtocols.Numbers.Keys.Order());
    }

    public static int? Number(string? protocol) => IpProtocols.Number(protocol);

    public static void CheckPortRange(string? protocol, int? min, int? max)
    {
        if (min is null && max is null)
        {
            return;
        }
        var number = Number(protocol) ?? throw new SecurityGroupProtocolRequiredWithPortsException();
        if (IcmpProtocols.Contains(number))
        {
            foreach (var (name, value) in new[] { ("type", min), ("code", max) })
            {
                if (value is < 0 or > 255)
                {
                    throw new SecurityGroupInvalidPortRangeException($"Invalid value for ICMP {name} {value}: it must be 0 to 255.");
                }
            }
            if (min is null && max is { } code)
            {
                throw new SecurityGroupMissingIcmpTypeException(code);
            }
            return;
        }
        if (PortProtocols.Contains(number))
        {
            foreach (var value in new[] { min, max })
            {
                if (value is < 1 or > 65535)
                {
                    throw InvalidInputException.For("port_range", $"Invalid value for port {value}");
                }
            }
            if (min is null || max is null || min > max)
            {
                throw new SecurityGroupInvalidPortRangeException("For TCP/UDP protocols, port_range_min must be <= port_range_max");
            }
            return;
        }
        throw new SecurityGroupInvalidPortRangeException($"Invalid protocol {protocol} for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP.");
    }

    /// <summary>The prefix as a CIDR of the rule's ethertype (an address alone is a /32 or /128); host bits are cleared, as Neutron does.</summary>
    public static string? RemoteIpPrefix(string? prefix, string ethertype)
    {
        if (prefix is null)
        {
            return null;
        }
        var text = prefix.Contains('/', StringComparison.Ordinal) ? prefix
            : IpNumber.TryParse(prefix) is { } address ? $"{address}/{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}"
            : prefix;
        var cidr = SubnetCidr.TryParseMasked(text) ?? throw InvalidInputException.For("remote_ip_prefix", $"'{prefix}' is not a valid IP subnet");
        if ((cidr.IpVersion == 4 ? "IPv4" : "IPv6") != ethertype)
        {
            throw new SecurityGroupRuleParameterConflictException(ethertype, prefix);
        }
        return cidr.ToString();
    }
}
