using Kumo.Objects.Images;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>What <see cref="DiskBuilder"/> needs: where, from which cached images, and how big.</summary>
public sealed record DiskBuildRequest
{
    /// <summary><c>&lt;instances_path&gt;/&lt;instance uuid&gt;</c>; created (0755) when missing.</summary>
    public required string InstanceDir { get; init; }

    /// <summary>The root image; its disk_format says how to read the base.</summary>
    public required ImageMeta Image { get; init; }

    /// <summary>The image's file in the cache (<see cref="ImageCache.FetchAsync"/>).</summary>
    public required string ImageBasePath { get; init; }

    /// <summary>The flavor's root_gb; 0 means "as big as the image", as in Nova.</summary>
    public required int RootGb { get; init; }

    /// <summary>The cached kernel (the image's kernel_id), for direct kernel boot.</summary>
    public string? KernelBasePath { get; init; }

    /// <summary>The cached ramdisk (the image's ramdisk_id).</summary>
    public string? RamdiskBasePath { get; init; }

    /// <summary>The blank ephemeral base (<see cref="BlankBaseCache"/>) and its size; null when the flavor has none.</summary>
    public string? EphemeralBasePath { get; init; }

    public int EphemeralGb { get; init; }

    /// <summary>The blank swap base and its size in MB; null when the flavor has none.</summary>
    public string? SwapBasePath { get; init; }

    public int SwapMb { get; init; }
}
