using System.Security.Cryptography;

namespace Kumo.Image;

/// <summary>
/// Copies image data while computing Glance's two checksums, the MD5 <c>checksum</c> and the SHA-512
/// <c>os_hash_value</c> (os_hash_algo sha512), so the data is read once and never held whole; more
/// than <c>sizeCap</c> bytes stops the copy with <see cref="ImageTooLargeException"/>.
/// </summary>
public static class ImageHashing
{
    public const string Algorithm = "sha512";

    // 1 MiB: a multi-GiB image is a few thousand reads, and the buffer stays a single allocation.
    private const int BufferSize = 1 << 20;

    public static async Task<ImageDigest> CopyAsync(Stream source, Stream destination, long sizeCap, CancellationToken cancellationToken = default)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        var buffer = new byte[BufferSize];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (size > sizeCap)
            {
                throw new ImageTooLargeException(sizeCap);
            }
            md5.AppendData(buffer, 0, read);
            sha512.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return new ImageDigest(size, Convert.ToHexStringLower(md5.GetHashAndReset()), Convert.ToHexStringLower(sha512.GetHashAndReset()));
    }
}

/// <summary>What an upload records: size, MD5 hex and SHA-512 hex of the data.</summary>
public sealed record ImageDigest(long Size, string Md5Hex, string Sha512Hex);
