using System.Security.Cryptography;
using System.Text;
using Kumo.Common.IO;
using Kumo.Common.Threading;
using Kumo.Image;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// The per-host cache of base images that instance disks are overlays of, as Nova's
/// <c>&lt;instances_path&gt;/_base</c>: one file per image, named by the SHA-1 hex of the image id (Nova's
/// imagecache.get_cache_fname), downloaded once and verified against Glance's MD5 before any
/// instance can use it.
/// </summary>
public sealed partial class ImageCache
{
    /// <summary>Nova's image_cache_subdirectory_name default.</summary>
    public const string SubdirectoryName = "_base";

    private const string PartSuffix = ".part";

    private readonly IImageService _images;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ImageCache> _logger;
    private readonly KeyedAsyncLock<Guid> _locks = new();
    private readonly Lock _maintenance = new();
    private long _downloads;

    public ImageCache(string instancesPath, IImageService images, TimeProvider timeProvider, ILogger<ImageCache> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instancesPath);
        BasePath = Path.Combine(Path.GetFullPath(instancesPath), SubdirectoryName);
        _images = images;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The cache folder, <c>&lt;instances_path&gt;/_base</c>.</summary>
    public string BasePath { get; }

    /// <summary>Downloads completed since start (cache hits do not count); for tests and metrics.</summary>
    public long DownloadCount => Interlocked.Read(ref _downloads);

    public static string FileNameFor(Guid imageId) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(imageId.ToString())));

    public string PathFor(Guid imageId) => Path.Combine(BasePath, FileNameFor(imageId));

    /// <summary>
    /// The cached file of <paramref name="image"/>, downloading it first when absent. Concurrent calls
    /// for one image download it once; different images download in parallel. Throws
    /// <see cref="ImageUnacceptableException"/> when the image has no checksum or the data does not
    /// match it; nothing is left in the cache then.
    /// </summary>
    public async Task<string> FetchAsync(ImageMeta image, CancellationToken cancellationToken = default)
    {
        var path = PathFor(image.Id);
        if (TryUse(path))
        {
            LogHit(image.Id, path);
            return path;
        }
        using (await _locks.AcquireAsync(image.Id, cancellationToken))
        {
            // Whoever held the lock before us may have just downloaded it.
            if (TryUse(path))
            {
                LogHit(image.Id, path);
                return path;
            }
            await DownloadAsync(image, path, cancellationToken);
            return path;
        }
    }

    /// <summary>Full paths of the cached images (downloads in progress excluded).</summary>
    public IReadOnlyList<string> ListCached() =>
        [.. CacheFiles().Where(f => !f.EndsWith(PartSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Nova's image cache manager ageing, simplified: deletes cached images (and abandoned partial
    /// downloads) that no instance on this host uses and that were last used at least
    /// <paramref name="minAge"/> ago (Nova: remove_unused_original_minimum_age_seconds, 24 h).
    /// <paramref name="inUse"/> must include the kernel and ramdisk images of the host's instances.
    /// Every fetch refreshes the file's mtime, so an image fetched for a build that has no instance
    /// record on the host yet is young and survives. Returns the removed paths.
    /// </summary>
    public IReadOnlyList<string> RemoveUnused(IEnumerable<Guid> inUse, TimeSpan minAge)
    {
        var keep = inUse.Select(FileNameFor).ToHashSet(StringComparer.Ordinal);
        var now = _timeProvider.GetUtcNow();
        var removed = new List<string>();
        foreach (var file in CacheFiles())
        {
            var name = Path.GetFileName(file);
            var imageName = name.EndsWith(PartSuffix, StringComparison.Ordinal) ? name[..^PartSuffix.Length] : name;
            if (keep.Contains(imageName))
            {
                continue;
            }
            lock (_maintenance)
            {
                if (!File.Exists(file) || now - File.GetLastWriteTimeUtc(file) < minAge)
                {
                    continue;
                }
                File.Delete(file);
            }
            removed.Add(file);
            LogRemoved(file);
        }
        return removed;
    }

    private async Task DownloadAsync(ImageMeta image, string path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(image.Checksum))
        {
            throw new ImageUnacceptableException(image.Id, "it has no checksum to verify the download against");
        }
        HostPaths.CreateTraversableDirectory(BasePath);
        var part = path + PartSuffix;
        var started = _timeProvider.GetTimestamp();
        try
        {
            var (size, checksum) = await CopyToAsync(image.Id, part, cancellationToken);
            if (!string.Equals(checksum, image.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                LogChecksumMismatch(image.Id, image.Checksum, checksum);
                throw new ImageUnacceptableException(image.Id, $"checksum mismatch: expected {image.Checksum}, got {checksum}");
            }
            // Shared by every instance's overlay and read by QEMU as libvirt-qemu.
            HostPaths.MakeWorldReadable(part);
            File.Move(part, path, overwrite: true);
            Touch(path);
            Interlocked.Increment(ref _downloads);
            LogDownloaded(image.Id, path, size, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
        catch
        {
            File.Delete(part);
            throw;
        }
    }

    private async Task<(long Size, string Md5Hex)> CopyToAsync(Guid imageId, string part, CancellationToken cancellationToken)
    {
        await using var source = new ImageReadStream(imageId, await _images.OpenReadAsync(imageId, cancellationToken));
        await using var file = new FileStream(part, new FileStreamOptions
        {
            Mode = FileMode.Create, // a .part left by a crash is garbage: start over
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
            BufferSize = 0, // Md5Copy writes 1 MiB chunks itself.
        });
        var result = await Md5Copy.CopyAsync(source, file, cancellationToken);
        // fsync before the rename, or a crash could leave a complete-looking name over unwritten blocks.
        file.Flush(flushToDisk: true);
        return result;
    }

    /// <summary>True when cached; refreshes its mtime, which is what <see cref="RemoveUnused"/> ages by.</summary>
    // Touching a file and ageing it out are exclusive: otherwise a build could be handed a base
    // that RemoveUnused deletes a moment later on the strength of the mtime it read before the touch.
    private bool TryUse(string path)
    {
        try
        {
            lock (_maintenance)
            {
                Touch(path);
            }
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private void Touch(string path) => File.SetLastWriteTimeUtc(path, _timeProvider.GetUtcNow().UtcDateTime);

    /// <summary>Only files named as this cache names them: the folder may hold others (Nova keeps ephemeral_* there).</summary>
    private IEnumerable<string> CacheFiles() =>
        Directory.Exists(BasePath)
            ? Directory.EnumerateFiles(BasePath).Where(f => IsCacheName(Path.GetFileName(f)))
            : [];

    private static bool IsCacheName(string name)
    {
        var hash = name.EndsWith(PartSuffix, StringComparison.Ordinal) ? name[..^PartSuffix.Length] : name;
        return hash.Length == 40 && hash.All(char.IsAsciiHexDigitLower);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Image {ImageId} is cached at {Path}")]
    private partial void LogHit(Guid imageId, string path);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Downloaded image {ImageId} to {Path}: {Size} bytes in {DurationMs} ms")]
    private partial void LogDownloaded(Guid imageId, string path, long size, long durationMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Image {ImageId} failed verification: checksum {Expected} expected, {Actual} downloaded")]
    private partial void LogChecksumMismatch(Guid imageId, string expected, string actual);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Removed unused cached image {Path}")]
    private partial void LogRemoved(string path);
}
