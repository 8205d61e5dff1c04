namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// The disk files of one instance, inside its own folder and named as Nova names them, ready for the
/// domain XML: root disk (a qcow2 overlay of the cached base), and the kernel and ramdisk of direct
/// kernel boot when the image has them.
/// </summary>
public sealed record InstanceDisks(string RootDisk, string? Kernel, string? Ramdisk)
{
    public const string RootDiskName = "disk";
    public const string EphemeralDiskName = "disk.local";
    public const string SwapDiskName = "disk.swap";

    /// <summary>The flavor's ephemeral disk (a qcow2 overlay of its blank base), when it has one.</summary>
    public string? Ephemeral { get; init; }

    /// <summary>The flavor's swap disk (a qcow2 overlay of its blank base), when it has one.</summary>
    public string? Swap { get; init; }

    public const string KernelName = "kernel";
    public const string RamdiskName = "ramdisk";

    /// <summary>The root disk is always a qcow2 overlay, whatever the base's format.</summary>
    public const string RootDiskFormat = "qcow2";
}
