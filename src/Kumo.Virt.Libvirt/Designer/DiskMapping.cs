using Kumo.Virt.Libvirt.Config;

namespace Kumo.Virt.Libvirt.Designer;

/// <summary>
/// Nova's libvirt disk mapping (nova/virt/libvirt/blockinfo.py) for what Kumo has: virtio disks take
/// the next free letter in the order root (vda), ephemeral, swap, so a flavor with both gives vdb and
/// vdc; the config drive is a CD-ROM on the machine type's cdrom bus, the last device of that bus
/// (IDE on 'pc': hdd; SATA on q35: sda).
/// </summary>
public static class DiskMapping
{
    public static IReadOnlyList<GuestDisk> Disks(InstancePaths paths, DomainDesignerOptions options)
    {
        var disks = new List<GuestDisk>(4);
        var letter = 'a';
        foreach (var path in new[] { paths.RootDisk, paths.Ephemeral, paths.Swap })
        {
            if (path is null)
            {
                continue;
            }
            disks.Add(VirtioDisk(path, "vd" + letter, options));
            letter++;
        }
        if (paths.ConfigDrive is { } configDrive)
        {
            disks.Add(ConfigDrive(configDrive, options));
        }
        return disks;
    }

    private static GuestDisk VirtioDisk(string path, string dev, DomainDesignerOptions options) =>
        new()
        {
            Type = DiskType.File,
            Device = DiskDevice.Disk,
            DriverName = DiskDriverName.Qemu,
            Format = DiskFormat.Qcow2,
            Cache = options.DiskCacheMode,
            SourceFile = path,
            TargetDev = dev,
            TargetBus = DiskBus.Virtio,
        };

    private static GuestDisk ConfigDrive(string path, DomainDesignerOptions options)
    {
        var q35 = options.MachineType.Contains("q35", StringComparison.Ordinal);
        return new GuestDisk
        {
            Type = DiskType.File,
            Device = DiskDevice.Cdrom,
            DriverName = DiskDriverName.Qemu,
            Format = DiskFormat.Raw,
            Cache = options.DiskCacheMode,
            SourceFile = path,
            TargetDev = q35 ? "sda" : "hdd",
            TargetBus = q35 ? DiskBus.Sata : DiskBus.Ide,
            ReadOnly = true,
        };
    }
}
