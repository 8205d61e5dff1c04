using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Designer;
using static Kumo.Virt.Libvirt.Tests.Designer.DesignFixtures;

namespace Kumo.Virt.Libvirt.Tests.Designer;

/// <summary>Nova's disk mapping: vda root, then ephemeral and swap on the next virtio letters, the config drive a CD-ROM.</summary>
public sealed class DiskMappingTests
{
    private static string InstanceDir => Paths().InstanceDir;

    [Fact]
    public void Root_ephemeral_and_swap_are_vda_vdb_vdc_and_the_config_drive_an_ide_cdrom()
    {
        var disks = NewDesigner().Design(Request(DiskImage(), paths: PathsWithAllDisks())).Devices.Disks;

        Assert.Equal(
            [
                ("vda", DiskDevice.Disk, DiskBus.Virtio, DiskFormat.Qcow2, $"{InstanceDir}/disk", false),
                ("vdb", DiskDevice.Disk, DiskBus.Virtio, DiskFormat.Qcow2, $"{InstanceDir}/disk.local", false),
                ("vdc", DiskDevice.Disk, DiskBus.Virtio, DiskFormat.Qcow2, $"{InstanceDir}/disk.swap", false),
                ("hdd", DiskDevice.Cdrom, DiskBus.Ide, DiskFormat.Raw, $"{InstanceDir}/disk.config", true),
            ],
            disks.Select(d => (d.TargetDev, d.Device, d.TargetBus!.Value, d.Format!.Value, d.SourceFile!, d.ReadOnly)).ToList());
    }

    [Fact]
    public void Swap_without_ephemeral_takes_vdb()
    {
        var paths = Paths() with { Swap = $"{InstanceDir}/disk.swap" };

        var disks = NewDesigner().Design(Request(DiskImage(), paths: paths)).Devices.Disks;

        Assert.Equal(["vda", "vdb"], disks.Select(d => d.TargetDev));
        Assert.EndsWith("disk.swap", disks[1].SourceFile);
    }

    [Fact]
    public void On_q35_the_config_drive_is_a_sata_cdrom()
    {
        var designer = NewDesigner(new DomainDesignerOptions { ProductVersion = "1.0.0", MachineType = "q35" });

        var drive = designer.Design(Request(DiskImage(), paths: Paths() with { ConfigDrive = $"{InstanceDir}/disk.config" })).Devices.Disks[^1];

        Assert.Equal(("sda", DiskBus.Sata, DiskDevice.Cdrom), (drive.TargetDev, drive.TargetBus!.Value, drive.Device));
    }

    [Fact]
    public void Without_extra_disks_only_the_root_disk_is_mapped()
    {
        var disk = Assert.Single(NewDesigner().Design(Request(DiskImage())).Devices.Disks);

        Assert.Equal("vda", disk.TargetDev);
    }
}
