using System.Net;
using System.Net.Sockets;

namespace Kumo.Network.Ipam;

/// <summary>A subnet's CIDR with the arithmetic IPAM needs (first and last host, containment).</summary>
public sealed record SubnetCidr(IPAddress Network, int PrefixLength)
{
    public AddressFamily Family => Network.AddressFamily;

    public int IpVersion => Family == AddressFamily.InterNetwork ? 4 : 6;

    private int Bits => Family == AddressFamily.InterNetwork ? 32 : 128;

    public UInt128 First => IpNumber.From(Network);

    public UInt128 Last => First + (PrefixLength == Bits ? 0 : (UInt128.One << (Bits - PrefixLength)) - 1);

    /// <summary>The first address Neutron hands out: after the network address.</summary>
    public UInt128 FirstHost => PrefixLength >= Bits - 1 ? First : First + 1;

    /// <summary>The last address handed out: before the IPv4 broadcast; IPv6 has none.</summary>
    public UInt128 LastHost => Family == AddressFamily.InterNetwork && PrefixLength < Bits - 1 ? Last - 1 : Last;

    public bool Contains(IPAddress address) =>
        address.AddressFamily == Family && IpNumber.From(address) is var n && n >= First && n <= Last;

    public override string ToString() => $"{Network}/{PrefixLength}";

    /// <summary>A subnet CIDR in canonical form; null with the reason when it is not one (host bits set, bad prefix).</summary>
    public static SubnetCidr? TryParse(string? text, out string reason)
    {
        reason = $"'{text}' is not a valid IP subnet";
        if (text is null || !IPNetwork.TryParse(text, out var network))
        {
            if (text?.Split('/') is [var a, var p] && IpNumber.TryParse(a) is { } address && int.TryParse(p, out var prefix)
                && prefix >= 0 && prefix <= (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
            {
                reason = $"'{text}' isn't a recognized IP subnet cidr, '{Mask(address, prefix)}/{prefix}' is recommended";
            }
            return null;
        }
        if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork && text.Split('/')[0].Count(c => c == '.') != 3)
        {
            return null;
        }
        if (TryParseMasked(text) is { } masked && IpNumber.TryParse(text.Split('/')[0]) is { } given && !given.Equals(masked.Network))
        {
            reason = $"'{text}' isn't a recognized IP subnet cidr, '{masked}' is recommended";
            return null;
        }
        return new SubnetCidr(network.BaseAddress, network.PrefixLength);
    }

    /// <summary>address/prefix with the host bits cleared ("10.0.0.5/24" is 10.0.0.0/24); null when it is not that form.</summary>
    public static SubnetCidr? TryParseMasked(string? text) =>
        text?.Split('/') is [var a, var p] && IpNumber.TryParse(a) is { } address && int.TryParse(p, out var prefix)
            && prefix >= 0 && prefix <= (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            ? new SubnetCidr(Mask(address, prefix), prefix)
            : null;

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var value = IpNumber.From(address);
        var mask = prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefix) >> (128 - bits);
        return IpNumber.To(value & mask, address.AddressFamily);
    }
}
