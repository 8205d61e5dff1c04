using System.Globalization;
using System.Security.Cryptography;
using Kumo.Network.Errors;

namespace Kumo.Network.Plugin;

/// <summary>Neutron's base_mac fa:16:3e:00:00:00 with the last three octets random.</summary>
public static class MacAddresses
{
    public static string Generate()
    {
        Span<byte> tail = stackalloc byte[3];
        RandomNumberGenerator.Fill(tail);
        return $"fa:16:3e:{tail[0]:x2}:{tail[1]:x2}:{tail[2]:x2}";
    }

    /// <summary>A unicast MAC in lower-case colon form, or a 400 naming the value.</summary>
    public static string Normalise(string text)
    {
        var parts = text.Split(':', '-');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _)))
        {
            throw InvalidInputException.For("mac_address", $"'{text}' is not a valid MAC address");
        }
        var first = byte.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if ((first & 1) == 1 || parts.All(p => p == "00"))
        {
            throw InvalidInputException.For("mac_address", $"'{text}' is not a valid unicast MAC address");
        }
        return string.Join(':', parts).ToLowerInvariant();
    }
}
