using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kumo.Compute.KeyPairs;

/// <summary>
/// An OpenSSH public key line ("ssh-ed25519 AAAA... comment"): parsed and checked the way Nova's
/// cryptography-based loader accepts it, and fingerprinted as Nova does (MD5 of the key blob, colon hex).
/// </summary>
public static class SshPublicKey
{
    // Fields after the type name in each key type's blob (RFC 4253 6.6, RFC 5656 3.1, RFC 8709 4).
    private static readonly Dictionary<string, int> FieldCounts = new(StringComparer.Ordinal)
    {
        ["ssh-rsa"] = 2,
        ["ssh-dss"] = 4,
        ["ssh-ed25519"] = 1,
        ["ecdsa-sha2-nistp256"] = 2,
        ["ecdsa-sha2-nistp384"] = 2,
        ["ecdsa-sha2-nistp521"] = 2,
    };

    /// <summary>The key's fingerprint, or null when the line is not a public key Nova would accept.</summary>
    public static string? Fingerprint(string line)
    {
        var blob = Blob(line);
        return blob is null ? null : ColonHex(MD5.HashData(blob));
    }

    /// <summary>Nova's fingerprint style: lower-case hex bytes joined by colons.</summary>
    public static string ColonHex(ReadOnlySpan<byte> digest) => string.Join(':', digest.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The OpenSSH public key line of an RSA key.</summary>
    public static string FromRsa(RSA rsa, string comment)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        using var blob = new MemoryStream();
        WriteString(blob, Encoding.ASCII.GetBytes("ssh-rsa"));
        WriteString(blob, MpInt(parameters.Exponent!));
        WriteString(blob, MpInt(parameters.Modulus!));
        return $"ssh-rsa {Convert.ToBase64String(blob.ToArray())} {comment}";
    }

    private static byte[]? Blob(string line)
    {
        var parts = line.Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !FieldCounts.TryGetValue(parts[0], out var fields))
        {
            return null;
        }
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            return null;
        }
        var offset = 0;
        if (!TryReadString(blob, ref offset, out var type) || Encoding.ASCII.GetString(type) != parts[0])
        {
            return null;
        }
        for (var i = 0; i < fields; i++)
        {
            if (!TryReadString(blob, ref offset, out var field) || field.Length == 0)
            {
                return null;
            }
            if (parts[0] == "ssh-ed25519" && field.Length != 32)
            {
                return null;
            }
        }
        return offset == blob.Length ? blob : null;
    }

    private static bool TryReadString(byte[] blob, ref int offset, out byte[] value)
    {
        value = [];
        if (blob.Length - offset < 4)
        {
            return false;
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(offset));
        if (length > blob.Length - offset - 4)
        {
            return false;
        }
        value = blob.AsSpan(offset + 4, (int)length).ToArray();
        offset += 4 + (int)length;
        return true;
    }

    private static void WriteString(Stream stream, byte[] value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        stream.Write(length);
        stream.Write(value);
    }

    // An SSH mpint is big-endian two's complement: a leading zero keeps a high-bit value positive.
    private static byte[] MpInt(byte[] unsigned)
    {
        var trimmed = unsigned.AsSpan().TrimStart((byte)0);
        return trimmed.Length > 0 && (trimmed[0] & 0x80) != 0 ? [0, .. trimmed] : trimmed.ToArray();
    }
}
