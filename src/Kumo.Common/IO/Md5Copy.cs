using System.Security.Cryptography;

namespace Kumo.Common.IO;

/// <summary>
/// Copies a stream while computing its MD5, the checksum Glance records (its "checksum" field) and
/// Nova verifies after download, so the data is read once and never buffered whole.
/// </summary>
public static class Md5Copy
{
    // 1 MiB: large enough that a multi-GiB image is a few thousand reads, small enough to stay off the LOH churn.
    private const int BufferSize = 1 << 20;

    /// <returns>The bytes copied and the lowercase hex MD5 of them.</returns>
    public static async Task<(long Size, string Md5Hex)> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[BufferSize];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            size += read;
        }
        return (size, Convert.ToHexStringLower(md5.GetHashAndReset()));
    }
}
