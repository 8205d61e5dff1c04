namespace Kumo.Objects.Images;

/// <summary>An image record as Glance keeps it (checksum is Glance's MD5 hex of the data).</summary>
public sealed record ImageMeta
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public ImageStatus Status { get; init; } = ImageStatus.Queued;
    /// <summary>raw, qcow2, aki (kernel), ari (ramdisk), ami.</summary>
    public string DiskFormat { get; init; } = "raw";
    public string ContainerFormat { get; init; } = "bare";
    public long? Size { get; init; }
    public string? Checksum { get; init; }
    public int MinDiskGb { get; init; }
    public int MinRamMb { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Direct kernel boot: the image names its kernel and ramdisk images, as Nova reads them.</summary>
    public Guid? KernelId => Properties.TryGetValue("kernel_id", out var v) && Guid.TryParse(v, out var g) ? g : null;

    public Guid? RamdiskId => Properties.TryGetValue("ramdisk_id", out var v) && Guid.TryParse(v, out var g) ? g : null;

    /// <summary>Nova's os_command_line image property: the kernel command line for direct kernel boot.</summary>
    public string? OsCommandLine => Properties.TryGetValue("os_command_line", out var v) ? v : null;
}

public enum ImageStatus
{
    Queued,
    Saving,
    Active,
    Killed,
    Deleted,
}
