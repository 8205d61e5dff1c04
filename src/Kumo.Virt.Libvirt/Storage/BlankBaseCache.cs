using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kumo.Common.IO;
using Kumo.Common.Processes;
using Kumo.Common.Threading;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// Blank bases for the flavor's extra disks, kept in the image cache folder under Nova's names:
/// <c>_base/ephemeral_&lt;GB&gt;_&lt;fs hash&gt;</c> (a raw file formatted with mkfs, label ephemeral0) and
/// <c>_base/swap_&lt;MB&gt;</c> (a raw file made by mkswap). Both are formatted as plain files: no loop
/// device and no mount. Instances get qcow2 overlays of them; unused bases age out like images.
/// </summary>
public sealed class BlankBaseCache(string instancesPath, ICommandRunner runner, TimeProvider timeProvider)
{
    public const string EphemeralLabel = "ephemeral0";

    private readonly string _basePath = Path.Combine(instancesPath, ImageCache.SubdirectoryName);
    private readonly KeyedAsyncLock<string> _locks = new();

    /// <summary>Nova's fs part of the name: the first 7 hex of a hash of the format, so formats never share a base.</summary>
    public static string EphemeralName(int sizeGb, string fsFormat) =>
        $"ephemeral_{sizeGb.ToString(CultureInfo.InvariantCulture)}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fsFormat)))[..7]}";

    public static string SwapName(int sizeMb) => $"swap_{sizeMb.ToString(CultureInfo.InvariantCulture)}";

    public Task<string> EnsureEphemeralAsync(int sizeGb, string fsFormat, CancellationToken cancellationToken = default) =>
        EnsureAsync(EphemeralName(sizeGb, fsFormat), sizeGb * DiskSizes.GiB,
            path => new CommandSpec("mkfs", "-t", fsFormat, "-F", "-q", "-L", EphemeralLabel, path), cancellationToken);

    public Task<string> EnsureSwapAsync(int sizeMb, CancellationToken cancellationToken = default) =>
        EnsureAsync(SwapName(sizeMb), sizeMb * 1024L * 1024, path => new CommandSpec("mkswap", path), cancellationToken);

    /// <summary>The bases present (for the host inventory: shared, owned by no instance).</summary>
    public IReadOnlyList<string> ListCached() =>
        Directory.Exists(_basePath) ? [.. Directory.EnumerateFiles(_basePath).Where(f => IsBlankName(Path.GetFileName(f))).Order(StringComparer.Ordinal)] : [];

    /// <summary>Removes bases no instance in <paramref name="inUse"/> (base names) needs and unused for <paramref name="minAge"/>.</summary>
    public IReadOnlyList<string> RemoveUnused(IReadOnlySet<string> inUse, TimeSpan minAge)
    {
        var now = timeProvider.GetUtcNow();
        var removed = new List<string>();
        foreach (var file in ListCached())
        {
            if (inUse.Contains(Path.GetFileName(file)) || now - File.GetLastWriteTimeUtc(file) < minAge)
            {
                continue;
            }
            File.Delete(file);
            removed.Add(file);
        }
        return removed;
    }

    private async Task<string> EnsureAsync(string name, long sizeBytes, Func<string, CommandSpec> format, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_basePath, name);
        using (await _locks.AcquireAsync(name, cancellationToken))
        {
            if (!File.Exists(path))
            {
                HostPaths.CreateTraversableDirectory(_basePath);
                var part = path + ".part";
                try
                {
                    // Sparse: a 1 GB base costs only what mkfs writes.
                    using (var stream = new FileStream(part, FileMode.Create, FileAccess.Write))
                    {
                        stream.SetLength(sizeBytes);
                    }
                    await runner.RunAsync(format(part), cancellationToken);
                    HostPaths.MakeWorldReadable(part);
                    File.Move(part, path, overwrite: true);
                }
                finally
                {
                    File.Delete(part);
                }
            }
            // Fresh mtime = recently used: the ageing in RemoveUnused counts from the last use.
            File.SetLastWriteTimeUtc(path, timeProvider.GetUtcNow().UtcDateTime);
        }
        return path;
    }

    private static bool IsBlankName(string name) =>
        !name.EndsWith(".part", StringComparison.Ordinal) && (name.StartsWith("ephemeral_", StringComparison.Ordinal) || name.StartsWith("swap_", StringComparison.Ordinal));
}
