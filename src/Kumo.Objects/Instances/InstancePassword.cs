namespace Kumo.Objects.Instances;

/// <summary>
/// The password a guest posts to the metadata service (cloud-init and cloudbase-init post the admin
/// password they set, encrypted with the instance's public key and base64-encoded), kept in the
/// instance's system metadata as Nova's password.py keeps it: keys password_0..password_3 of at most
/// 255 characters, so at most 1020 (a 4096-bit key's ciphertext is 684 base64 characters).
/// </summary>
public static class InstancePassword
{
    public const int Chunks = 4;
    public const int ChunkLength = 255;
    public const int MaxSize = Chunks * ChunkLength;

    private const string KeyPrefix = "password_";

    /// <summary>The first chunk's key: a password is set while it is not empty.</summary>
    public static string FirstKey => KeyPrefix + "0";

    /// <summary>The stored password (the chunks in key order, joined); null when none is stored.</summary>
    public static string? Extract(IReadOnlyDictionary<string, string> systemMetadata)
    {
        var joined = string.Concat(systemMetadata.Where(item => item.Key.StartsWith(KeyPrefix, StringComparison.Ordinal))
            .OrderBy(item => item.Key, StringComparer.Ordinal).Select(item => item.Value));
        return joined.Length == 0 ? null : joined;
    }

    /// <summary>The system metadata items that store <paramref name="password"/>; null or empty gives empty chunks (cleared).</summary>
    public static IReadOnlyDictionary<string, string> ToSystemMetadata(string? password)
    {
        password ??= "";
        if (password.Length > MaxSize)
        {
            throw new ArgumentException($"A stored password is at most {MaxSize} characters.", nameof(password));
        }
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Chunks; i++)
        {
            var start = Math.Min(i * ChunkLength, password.Length);
            items[KeyPrefix + i] = password.Substring(start, Math.Min(ChunkLength, password.Length - start));
        }
        return items;
    }
}
