using Kumo.Common.IO;
using Kumo.Common.Processes;
using Kumo.Common.Reverting;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// Creates an instance's disks from cached images, as Nova's Qcow2 image backend does: the root disk is
/// a qcow2 overlay of the shared base, the ephemeral and swap disks qcow2 overlays of blank bases, the
/// kernel and ramdisk private copies (libvirt relabels them to the guest while it runs, so instances
/// must not share them).
/// </summary>
public sealed partial class DiskBuilder(ICommandRunner runner, ILogger<DiskBuilder> logger)
{
    private const int CopyBufferSize = 1 << 20;

    private readonly QemuImg _qemuImg = new(runner);

    /// <summary>
    /// All of an instance's disks under <see cref="DiskBuildRequest.InstanceDir"/>. On failure nothing
    /// this call created is left behind (the folder too, when it created it).
    /// </summary>
    public async Task<InstanceDisks> CreateAsync(DiskBuildRequest request, CancellationToken cancellationToken = default)
    {
        await using var revert = new RevertScope((what, ex) => LogUndoFailed(what, ex));
        if (!Directory.Exists(request.InstanceDir))
        {
            HostPaths.CreateTraversableDirectory(request.InstanceDir);
            revert.Add("instance directory", () => Directory.Delete(request.InstanceDir, recursive: true));
        }

        var rootDisk = Path.Combine(request.InstanceDir, InstanceDisks.RootDiskName);
        revert.Add("root disk", () => File.Delete(rootDisk));
        await CreateRootDiskAsync(request.Image, request.ImageBasePath, rootDisk, request.RootGb, cancellationToken);

        var kernel = await CopyIfGivenAsync(request.KernelBasePath, request.InstanceDir, InstanceDisks.KernelName, revert, cancellationToken);
        var ramdisk = await CopyIfGivenAsync(request.RamdiskBasePath, request.InstanceDir, InstanceDisks.RamdiskName, revert, cancellationToken);

        var ephemeral = await BlankOverlayAsync(request.EphemeralBasePath, request.EphemeralGb * DiskSizes.GiB, request.InstanceDir, InstanceDisks.EphemeralDiskName, revert, cancellationToken);
        var swap = await BlankOverlayAsync(request.SwapBasePath, request.SwapMb * 1024L * 1024, request.InstanceDir, InstanceDisks.SwapDiskName, revert, cancellationToken);

        revert.Commit();
        return new InstanceDisks(rootDisk, kernel, ramdisk) { Ephemeral = ephemeral, Swap = swap };
    }

    /// <summary>
    /// Creates <paramref name="rootDiskPath"/> as a qcow2 overlay of <paramref name="basePath"/>, sized
    /// <paramref name="rootGb"/> GiB, or the image's virtual size when 0. Throws
    /// <see cref="FlavorDiskSmallerThanImageException"/> (nothing created) when the image is bigger than
    /// the flavor's disk, <see cref="ImageUnacceptableException"/> when the base cannot be a root disk.
    /// A failed create leaves no file.
    /// </summary>
    public Task CreateRootDiskAsync(ImageMeta image, string basePath, string rootDiskPath, int rootGb, CancellationToken cancellationToken = default) =>
        CreateRootDiskAsync(image.DiskFormat, basePath, rootDiskPath, rootGb, reason => new ImageUnacceptableException(image.Id, reason), cancellationToken);

    /// <summary>
    /// As the <see cref="ImageMeta"/> overload, for callers holding only the image's disk_format; an
    /// unusable base is then an <see cref="InvalidRequestException"/> (also 400) since no image id is known.
    /// </summary>
    public Task CreateRootDiskAsync(string basePath, string diskFormat, string rootDiskPath, int rootGb, CancellationToken cancellationToken = default) =>
        CreateRootDiskAsync(diskFormat, basePath, rootDiskPath, rootGb,
            reason => new InvalidRequestException($"Base image {basePath} is unacceptable: {reason}"), cancellationToken);

    /// <summary>
    /// Copies a cached kernel or ramdisk to the instance's own file (0644). Never a link: libvirt chowns
    /// the file to the guest while it runs and back afterwards, which must not touch the cache's copy.
    /// </summary>
    public async Task CopyBootFileAsync(string cachedPath, string destinationPath, CancellationToken cancellationToken = default)
    {
        try
        {
            await using (var source = new FileStream(cachedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan))
            await using (var destination = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(destination, CopyBufferSize, cancellationToken);
            }
            HostPaths.MakeWorldReadable(destinationPath);
        }
        catch
        {
            File.Delete(destinationPath);
            throw;
        }
    }

    private async Task CreateRootDiskAsync(
        string diskFormat, string basePath, string rootDiskPath, int rootGb, Func<string, KumoException> unacceptable, CancellationToken cancellationToken)
    {
        var baseFormat = QemuFormatOf(diskFormat) ?? throw unacceptable($"disk format '{diskFormat}' cannot be a root disk");
        var info = await _qemuImg.InfoAsync(basePath, baseFormat, cancellationToken);
        if (info.BackingFilename is not null)
        {
            // Nova refuses these too: a backing file inside an image could name any file on the host.
            throw unacceptable($"it has a backing file ({info.BackingFilename})");
        }
        if (info.DataFile is not null)
        {
            // The other half of CVE-2024-32498: a qcow2 external data file makes the guest's disk that host file.
            throw unacceptable($"it has an external data file ({info.DataFile})");
        }
        var size = rootGb * DiskSizes.GiB;
        if (rootGb == 0)
        {
            size = info.VirtualSize;
        }
        else if (info.VirtualSize > size)
        {
            throw new FlavorDiskSmallerThanImageException(rootGb, info.VirtualSize);
        }
        try
        {
            await _qemuImg.CreateOverlayAsync(rootDiskPath, basePath, baseFormat, size, cancellationToken);
        }
        catch
        {
            // qemu-img may fail (or be killed) after writing part of the file.
            File.Delete(rootDiskPath);
            throw;
        }
        LogRootDiskCreated(rootDiskPath, basePath, baseFormat, size);
    }

    private async Task<string?> BlankOverlayAsync(string? basePath, long sizeBytes, string instanceDir, string name, RevertScope revert, CancellationToken cancellationToken)
    {
        if (basePath is null)
        {
            return null;
        }
        var overlay = Path.Combine(instanceDir, name);
        revert.Add(name, () => File.Delete(overlay));
        await _qemuImg.CreateOverlayAsync(overlay, basePath, "raw", sizeBytes, cancellationToken);
        return overlay;
    }

    private async Task<string?> CopyIfGivenAsync(string? source, string instanceDir, string name, RevertScope revert, CancellationToken cancellationToken)
    {
        if (source is null)
        {
            return null;
        }
        var destination = Path.Combine(instanceDir, name);
        await CopyBootFileAsync(source, destination, cancellationToken);
        revert.Add(name, () => File.Delete(destination));
        return destination;
    }

    /// <summary>How qemu-img must read a Glance disk_format; null for formats that cannot back a root disk.</summary>
    private static string? QemuFormatOf(string diskFormat) => diskFormat switch
    {
        "qcow2" => "qcow2",
        // An AMI is a raw machine image; an ISO is raw bytes to QEMU.
        "raw" or "ami" or "iso" => "raw",
        _ => null,
    };

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Created root disk {RootDisk} over {BasePath} ({BaseFormat}), {SizeBytes} bytes")]
    private partial void LogRootDiskCreated(string rootDisk, string basePath, string baseFormat, long sizeBytes);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Could not undo {What} after a failed disk build")]
    private partial void LogUndoFailed(string what, Exception exception);
}
