using Kumo.Objects.Errors;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// Nova's FlavorDiskSmallerThanImage: the image's virtual size does not fit the flavor's root disk. A
/// user error (400) that no other host can fix, so the build is not rescheduled.
/// </summary>
public sealed class FlavorDiskSmallerThanImageException(int flavorRootGb, long imageVirtualSize)
    : KumoException(
        $"FlavorDiskSmallerThanImage: flavor's disk is {flavorRootGb} GiB, image needs {Math.Ceiling(imageVirtualSize / (double)DiskSizes.GiB)} GiB ({imageVirtualSize} bytes).")
{
    public int FlavorRootGb { get; } = flavorRootGb;
    public long ImageVirtualSize { get; } = imageVirtualSize;
    public override int Code => 400;
}
