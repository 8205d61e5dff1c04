namespace Kumo.Virt.Libvirt.Designer;

/// <summary>
/// Where an instance's files live on the compute host, as Nova lays out [DEFAULT] instances_path:
/// one directory per instance uuid. Null files are not used by this instance: no <see cref="RootDisk"/>
/// means a diskless direct-kernel boot; <see cref="Kernel"/>/<see cref="Ramdisk"/> are only read when the
/// image names a kernel_id/ramdisk_id.
/// </summary>
/// <param name="RootDisk">A qcow2 file (an overlay on the cached image).</param>
public sealed record InstancePaths(
    string InstanceDir,
    string LibvirtXml,
    string ConsoleLog,
    string? RootDisk,
    string? Kernel,
    string? Ramdisk)
{
    /// <summary>disk.local: the flavor's ephemeral disk (qcow2), when it has one.</summary>
    public string? Ephemeral { get; init; }

    /// <summary>disk.swap: the flavor's swap disk (qcow2), when it has one.</summary>
    public string? Swap { get; init; }

    /// <summary>disk.config: the config drive (ISO 9660), when the instance has one.</summary>
    public string? ConfigDrive { get; init; }

    /// <summary>&lt;instancesPath&gt;/&lt;uuid&gt;/{libvirt.xml, console.log, disk, kernel, ramdisk}: Nova's
    /// names, so an operator's scripts find the same files.</summary>
    public static InstancePaths For(string instancesPath, Guid uuid)
    {
        var dir = Path.Combine(instancesPath, uuid.ToString("D"));
        return new InstancePaths(
            InstanceDir: dir,
            LibvirtXml: Path.Combine(dir, "libvirt.xml"),
            ConsoleLog: Path.Combine(dir, "console.log"),
            RootDisk: Path.Combine(dir, "disk"),
            Kernel: Path.Combine(dir, "kernel"),
            Ramdisk: Path.Combine(dir, "ramdisk"));
    }
}
