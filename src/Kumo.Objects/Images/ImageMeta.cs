namespace Kumo.Objects.Images;

/// <summary>
/// An image record as Glance keeps it: checksum is the MD5 hex of the data, os_hash_value its SHA-512
/// (os_hash_algo "sha512", Glance's default hashing_algorithm); an empty format means "not set yet"
/// (Glance's null, allowed until data is uploaded).
/// </summary>
public sealed record ImageMeta
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public ImageStatus Status { get; init; } = ImageStatus.Queued;
    /// <summary>raw, qcow2, aki (kernel), ari (ramdisk), ami.</summary>
    public string DiskFormat { get; init; } = "raw";
    public string ContainerFormat { get; init; } = "bare";
    public long? Size { get; init; }
    public long? VirtualSize { get; init; }
    public string? Checksum { get; init; }
    public string? OsHashAlgo { get; init; }
    public string? OsHashValue { get; init; }
    public int MinDiskGb { get; init; }
    public int MinRamMb { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The owning project; null for images the operator registered outside the API.</summary>
    public string? Owner { get; init; }

    /// <summary>Glance v2 defaults to shared (since Ocata): private to the owner until members are added.</summary>
    public ImageVisibility Visibility { get; init; } = ImageVisibility.Shared;

    /// <summary>A protected image cannot be deleted until the flag is cleared.</summary>
    public bool Protected { get; init; }

    /// <summary>Hidden images are left out of the default list (Glance's os_hidden, Rocky).</summary>
    public bool OsHidden { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

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

/// <summary>Glance's visibility values (lower case on the wire).</summary>
public enum ImageVisibility
{
    Public,
    Private,
    Shared,
    Community,
}
