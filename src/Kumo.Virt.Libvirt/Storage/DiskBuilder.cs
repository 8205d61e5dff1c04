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
public sealed partial class DiskBuilder(ICommandRunner runner, ILogger<DiskBuilder> logger, int zeroDiskFlavorMaxGb = DiskBuilder.DefaultZeroDiskFlavorMaxGb)
{
    public const int DefaultZeroDiskFlavorMaxGb = 20;

    private readonly OverlayTemplates _overlays = new(new QemuImg(runner));
    private readonly BaseImageInfoCache _baseInfo = new(new QemuImg(runner));

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

        // The root's checks first: an image refused leaves nothing made.
        var image = request.Image;
        var root = await CheckRootDiskAsync(image.DiskFormat, request.ImageBasePath, request.RootGb, reason => new ImageUnacceptableException(image.Id, reason), cancellationToken);
        var rootDisk = Planned(request.ImageBasePath, request.InstanceDir, InstanceDisks.RootDiskName, revert)!;
        var kernel = Planned(request.KernelBasePath, request.InstanceDir, InstanceDisks.KernelName, revert);
        var ramdisk = Planned(request.RamdiskBasePath, request.InstanceDir, InstanceDisks.RamdiskName, revert);
        var ephemeral = Planned(request.EphemeralBasePath, request.InstanceDir, InstanceDisks.EphemeralDiskName, revert);
        var swap = Planned(request.SwapBasePath, request.InstanceDir, InstanceDisks.SwapDiskName, revert);

        // Independent files, made at once: each is a qemu-img process or an in-kernel copy, mostly
        // waiting, so together they take about as long as the slowest instead of the sum.
        await Task.WhenAll(
            CreateRootOverlayAsync(root, rootDisk, cancellationToken),
            CopyIfGivenAsync(request.KernelBasePath, kernel, cancellationToken),
            CopyIfGivenAsync(request.RamdiskBasePath, ramdisk, cancellationToken),
            BlankOverlayAsync(request.EphemeralBasePath, ephemeral, request.EphemeralGb * DiskSizes.GiB, cancellationToken),
            BlankOverlayAsync(request.SwapBasePath, swap, request.SwapMb * 1024L * 1024, cancellationToken));

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
    public async Task CreateRootDiskAsync(ImageMeta image, string basePath, string rootDiskPath, int rootGb, CancellationToken cancellationToken = default) =>
        await CreateRootOverlayAsync(
            await CheckRootDiskAsync(image.DiskFormat, basePath, rootGb, reason => new ImageUnacceptableException(image.Id, reason), cancellationToken),
            rootDiskPath, cancellationToken);

    /// <summary>
    /// As the <see cref="ImageMeta"/> overload, for callers holding only the image's disk_format; an
    /// unusable base is then an <see cref="InvalidRequestException"/> (also 400) since no image id is known.
    /// </summary>
    public async Task CreateRootDiskAsync(string basePath, string diskFormat, string rootDiskPath, int rootGb, CancellationToken cancellationToken = default) =>
        await CreateRootOverlayAsync(
            await CheckRootDiskAsync(diskFormat, basePath, rootGb, reason => new InvalidRequestException($"Base image {basePath} is unacceptable: {reason}"), cancellationToken),
            rootDiskPath, cancellationToken);

    /// <summary>
    /// Copies a cached kernel or ramdisk to the instance's own file (0600: libvirt's dynamic ownership
    /// chowns it to QEMU's user while the guest runs and back to root after, so no one else needs to
    /// read it). Never a link: that chown must not touch the cache's copy.
    /// </summary>
    public async Task CopyBootFileAsync(string cachedPath, string destinationPath, CancellationToken cancellationToken = default)
    {
        try
        {
            // In the kernel (File.Copy is copy_file_range on Linux): the 14 MB test kernel through 1 MB
            // async buffers took 100-850 ms on a loaded 2-core host, File.Copy 10-70 ms.
            await Task.Run(() => File.Copy(cachedPath, destinationPath, overwrite: true), cancellationToken);
            PrivateFiles.MakeOwnerOnly(destinationPath);
        }
        catch
        {
            File.Delete(destinationPath);
            throw;
        }
    }

    /// <summary>What the root overlay will be: its base, read as which format, and its size; or why the base cannot be one.</summary>
    private sealed record RootDiskPlan(string BasePath, string BaseFormat, long SizeBytes);

    private async Task<RootDiskPlan> CheckRootDiskAsync(
        string diskFormat, string basePath, int rootGb, Func<string, KumoException> unacceptable, CancellationToken cancellationToken)
    {
        var baseFormat = QemuFormatOf(diskFormat) ?? throw unacceptable($"disk format '{diskFormat}' cannot be a root disk");
        var info = await _baseInfo.InfoAsync(basePath, baseFormat, cancellationToken);
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
            if (info.VirtualSize > zeroDiskFlavorMaxGb * DiskSizes.GiB)
            {
                throw new InvalidRequestException(
                    $"The flavor has root_gb 0, so the root disk would take the image's virtual size, {info.VirtualSize} bytes; "
                    + $"that is more than Libvirt:ZeroDiskFlavorMaxGb ({zeroDiskFlavorMaxGb} GiB). Use a flavor with a root disk size.");
            }
            size = info.VirtualSize;
        }
        else if (info.VirtualSize > size)
        {
            throw new FlavorDiskSmallerThanImageException(rootGb, info.VirtualSize);
        }
        return new RootDiskPlan(basePath, baseFormat, size);
    }

    private async Task CreateRootOverlayAsync(RootDiskPlan plan, string rootDiskPath, CancellationToken cancellationToken)
    {
        var (basePath, baseFormat, size) = plan;
        try
        {
            await _overlays.CreateAsync(rootDiskPath, basePath, baseFormat, size, cancellationToken);
            // The guest's own writes: QEMU reads it as its owner once libvirt has chowned it, nobody else.
            PrivateFiles.MakeOwnerOnly(rootDiskPath);
        }
        catch
        {
            // qemu-img may fail (or be killed) after writing part of the file.
            File.Delete(rootDiskPath);
            throw;
        }
        LogRootDiskCreated(rootDiskPath, basePath, baseFormat, size);
    }

    /// <summary>The instance's file made from <paramref name="source"/> (null when there is no source), removed again if the build fails.</summary>
    private static string? Planned(string? source, string instanceDir, string name, RevertScope revert)
    {
        if (source is null)
        {
            return null;
        }
        var path = Path.Combine(instanceDir, name);
        revert.Add(name, () => File.Delete(path));
        return path;
    }

    private async Task BlankOverlayAsync(string? basePath, string? overlay, long sizeBytes, CancellationToken cancellationToken)
    {
        if (basePath is null || overlay is null)
        {
            return;
        }
        await _overlays.CreateAsync(overlay, basePath, "raw", sizeBytes, cancellationToken);
        PrivateFiles.MakeOwnerOnly(overlay);
    }

    private Task CopyIfGivenAsync(string? source, string? destination, CancellationToken cancellationToken) =>
        source is null || destination is null ? Task.CompletedTask : CopyBootFileAsync(source, destination, cancellationToken);

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
