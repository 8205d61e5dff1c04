using System.Net;
using System.Net.Sockets;

namespace Kumo.Network.Ipam;

/// <summary>IPv4 and IPv6 addresses as 128-bit numbers, so ranges and pools are plain integer arithmetic.</summary>
public static class IpNumber
{
    public static UInt128 From(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    public static IPAddress To(UInt128 value, AddressFamily family)
    {
        var bytes = new byte[family == AddressFamily.InterNetwork ? 4 : 16];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }
        return new IPAddress(bytes);
    }

    /// <summary>A literal address in its canonical text ("10.0.0.5", "fd00::5"), or null when it is none.</summary>
    public static IPAddress? TryParse(string? text) =>
        text is not null && !text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var address)
            && (address.AddressFamily == AddressFamily.InterNetwork ? text.Count(c => c == '.') == 3 : address.AddressFamily == AddressFamily.InterNetworkV6)
            ? address
            : null;
}
