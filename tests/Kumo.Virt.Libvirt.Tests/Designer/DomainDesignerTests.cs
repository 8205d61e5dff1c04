using Kumo.Objects.Network;
using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Designer;
using static Kumo.Virt.Libvirt.Tests.Designer.DesignFixtures;

namespace Kumo.Virt.Libvirt.Tests.Designer;

/// <summary>The designer's policy, one rule per test.</summary>
public sealed class DomainDesignerTests
{
    private const string InstanceDir = "/var/lib/kumo/instances/6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f";

    [Fact]
    public void Kvm_gets_a_host_model_cpu()
    {
        var config = NewDesigner().Design(Request(virtType: VirtType.Kvm));

        Assert.Equal(VirtType.Kvm, config.Type);
        Assert.Equal(CpuMode.HostModel, config.Cpu?.Mode);
    }

    [Fact]
    public void Qemu_leaves_the_cpu_to_tcg()
    {
        var config = NewDesigner().Design(Request(virtType: VirtType.Qemu));

        Assert.Equal(VirtType.Qemu, config.Type);
        Assert.Null(config.Cpu);
    }

    [Fact]
    public void Kvm_cpu_mode_is_an_option()
    {
        var designer = NewDesigner(new DomainDesignerOptions { KvmCpuMode = CpuMode.HostPassthrough });

        Assert.Equal(CpuMode.HostPassthrough, designer.Design(Request(virtType: VirtType.Kvm)).Cpu?.Mode);
    }

    [Theory]
    [InlineData(64, 65536)]
    [InlineData(256, 262144)]
    [InlineData(2048, 2097152)]
    [InlineData(4 * 1024 * 1024, 4L * 1024 * 1024 * 1024)] // 4 TiB: past int range in KiB
    public void Memory_is_the_flavor_MiB_in_KiB(int memoryMb, long expectedKiB)
    {
        var config = NewDesigner().Design(Request(instance: Instance(memoryMb: memoryMb)));

        Assert.Equal(expectedKiB, config.MemoryKiB);
    }

    [Fact]
    public void Vcpus_come_from_the_flavor()
    {
        Assert.Equal(4, NewDesigner().Design(Request(instance: Instance(vcpus: 4))).Vcpus);
    }

    [Fact]
    public void Domain_is_named_after_the_whole_instance_uuid()
    {
        var config = NewDesigner().Design(Request());

        Assert.Equal("instance-6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f", config.Name);
        Assert.Equal(InstanceUuid, config.Uuid);
    }

    [Fact]
    public void Kernel_image_boots_its_kernel_and_ramdisk_directly()
    {
        var os = NewDesigner().Design(Request(KernelImage())).Os;

        Assert.Equal($"{InstanceDir}/kernel", os.Kernel);
        Assert.Equal($"{InstanceDir}/ramdisk", os.Initrd);
        Assert.Empty(os.BootDevices);
        Assert.Equal(("pc", GuestArch.X86_64, OsType.Hvm), (os.Machine, os.Arch, os.Type));
    }

    [Fact]
    public void Kernel_without_ramdisk_has_no_initrd()
    {
        Assert.Null(NewDesigner().Design(Request(KernelImage(ramdisk: false))).Os.Initrd);
    }

    [Fact]
    public void Kernel_cmdline_defaults_to_novas_root_and_consoles()
    {
        Assert.Equal("root=/dev/vda console=tty0 console=ttyS0", NewDesigner().Design(Request(KernelImage())).Os.Cmdline);
    }

    [Fact]
    public void Kernel_cmdline_comes_from_the_os_command_line_image_property()
    {
        var os = NewDesigner().Design(Request(KernelImage(osCommandLine: "console=ttyS0 quiet init=/init"))).Os;

        Assert.Equal("console=ttyS0 quiet init=/init", os.Cmdline);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_os_command_line_falls_back_to_the_default(string blank)
    {
        Assert.Equal("root=/dev/vda console=tty0 console=ttyS0", NewDesigner().Design(Request(KernelImage(blank))).Os.Cmdline);
    }

    [Fact]
    public void Diskless_kernel_boot_has_no_root_argument_and_no_disk()
    {
        var config = NewDesigner().Design(Request(KernelImage(), paths: Paths() with { RootDisk = null }));

        Assert.Equal("console=tty0 console=ttyS0", config.Os.Cmdline);
        Assert.Empty(config.Devices.Disks);
    }

    [Fact]
    public void Disk_image_boots_from_the_root_disk()
    {
        var os = NewDesigner().Design(Request(DiskImage())).Os;

        Assert.Equal([BootDevice.Hd], os.BootDevices);
        Assert.Null(os.Kernel);
        Assert.Null(os.Initrd);
        Assert.Null(os.Cmdline);
    }

    [Fact]
    public void Root_disk_is_vda_on_virtio_as_qcow2_with_writeback_cache()
    {
        var disk = Assert.Single(NewDesigner().Design(Request(DiskImage())).Devices.Disks);

        Assert.Equal(
            (DiskType.File, DiskDevice.Disk, DiskDriverName.Qemu, DiskFormat.Qcow2, DiskCacheMode.Writeback, $"{InstanceDir}/disk", "vda", DiskBus.Virtio, false),
            (disk.Type, disk.Device, disk.DriverName, disk.Format, disk.Cache, disk.SourceFile, disk.TargetDev, disk.TargetBus, disk.ReadOnly));
    }

    [Fact]
    public void Disk_cache_mode_is_an_option()
    {
        var designer = NewDesigner(new DomainDesignerOptions { DiskCacheMode = DiskCacheMode.None });

        Assert.Equal(DiskCacheMode.None, Assert.Single(designer.Design(Request(DiskImage())).Devices.Disks).Cache);
    }

    [Fact]
    public void Nothing_to_boot_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => NewDesigner().Design(Request(DiskImage(), paths: Paths() with { RootDisk = null })));

        Assert.Contains("neither a kernel nor a root disk", e.Message);
    }

    [Fact]
    public void Kernel_image_without_a_kernel_path_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => NewDesigner().Design(Request(KernelImage(), paths: Paths() with { Kernel = null })));

        Assert.Contains("kernel_id", e.Message);
    }

    [Fact]
    public void Ramdisk_image_without_a_ramdisk_path_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NewDesigner().Design(Request(KernelImage(), paths: Paths() with { Ramdisk = null })));
    }

    [Fact]
    public void Each_vif_becomes_a_virtio_nic_on_its_hybrid_plug_bridge()
    {
        var nics = NewDesigner().Design(Request(network: TwoVifs())).Devices.Interfaces;

        Assert.Collection(
            nics,
            nic => Assert.Equal(
                (InterfaceType.Bridge, "fa:16:3e:12:34:56", "qbr3e4f5a6b-7c", "tap3e4f5a6b-7c", NicModel.Virtio, 1450),
                (nic.Type, nic.MacAddress, nic.SourceBridge, nic.TargetDev, nic.Model, nic.Mtu)),
            nic => Assert.Equal(
                ("fa:16:3e:65:43:21", "qbr4f5a6b7c-8d", "tap4f5a6b7c-8d", 1500),
                (nic.MacAddress, nic.SourceBridge, nic.TargetDev, nic.Mtu)));
    }

    [Fact]
    public void A_vif_without_hybrid_plug_goes_straight_into_the_integration_bridge_as_an_openvswitch_virtualport()
    {
        var vif = Vif(PortId) with { Details = VifDetails.PlainOvs, Bridge = "br-test" };
        var nic = Assert.Single(NewDesigner().Design(Request(network: new NetworkInfo([vif]))).Devices.Interfaces);

        Assert.Equal(
            (InterfaceType.Bridge, "br-test", "openvswitch", PortId.ToString(), "tap3e4f5a6b-7c", 1450),
            (nic.Type, nic.SourceBridge, nic.VirtualPortType, nic.InterfaceId, nic.TargetDev, nic.Mtu));
        Assert.Equal(
            """<interface type="bridge"><mac address="fa:16:3e:12:34:56" /><source bridge="br-test" /><virtualport type="openvswitch"><parameters interfaceid="3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7" /></virtualport><target dev="tap3e4f5a6b-7c" /><model type="virtio" /><mtu size="1450" /></interface>""",
            nic.ToXml().ToString(System.Xml.Linq.SaveOptions.DisableFormatting));
    }

    [Fact]
    public void No_vifs_no_nics()
    {
        Assert.Empty(NewDesigner().Design(Request()).Devices.Interfaces);
    }

    [Fact]
    public void Hybrid_plug_names_fit_the_kernels_interface_name_limit()
    {
        var portId = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");

        Assert.Equal("tapffffffff-ff", HybridPlugNames.Tap(portId));
        Assert.Equal("qbrffffffff-ff", HybridPlugNames.Bridge(portId));
        Assert.True(HybridPlugNames.Tap(portId).Length <= 15);
    }

    [Fact]
    public void Sysinfo_presents_openstack_compute_with_the_instance_uuid()
    {
        var config = NewDesigner().Design(Request());

        Assert.Equal(SmbiosMode.Sysinfo, config.Os.Smbios);
        Assert.Equal(
            ("Kumo", "OpenStack Compute", "1.0.0", InstanceUuid.ToString(), InstanceUuid, "Virtual Machine"),
            (config.Sysinfo?.Manufacturer, config.Sysinfo?.Product, config.Sysinfo?.Version, config.Sysinfo?.Serial, config.Sysinfo?.Uuid, config.Sysinfo?.Family));
    }

    [Fact]
    public void Guest_is_acpi_apic_utc_and_powers_off_by_destroy()
    {
        var config = NewDesigner().Design(Request());

        Assert.True(config.Features is { Acpi: true, Apic: true });
        Assert.Equal(ClockOffset.Utc, config.Clock?.Offset);
        Assert.Equal(
            (LifecycleAction.Destroy, LifecycleAction.Restart, LifecycleAction.Destroy),
            (config.OnPoweroff, config.OnReboot, config.OnCrash));
    }

    [Fact]
    public void Serial_port_and_console_write_the_console_log()
    {
        var devices = NewDesigner().Design(Request()).Devices;

        var serial = Assert.Single(devices.Serials);
        var console = Assert.Single(devices.Consoles);
        Assert.Equal((CharDeviceType.File, $"{InstanceDir}/console.log", 0), (serial.Type, serial.SourcePath, serial.TargetPort));
        Assert.Equal(
            (CharDeviceType.File, $"{InstanceDir}/console.log", ConsoleTargetType.Serial, 0),
            (console.Type, console.SourcePath, console.TargetType, console.TargetPort));
    }

    [Fact]
    public void Balloon_reports_every_ten_seconds_and_rng_reads_urandom()
    {
        var devices = NewDesigner().Design(Request()).Devices;

        Assert.Equal((MemballoonModel.Virtio, 10), (devices.Memballoon?.Model, devices.Memballoon?.StatsPeriodSeconds));
        var rng = Assert.Single(devices.Rngs);
        Assert.Equal((RngModel.Virtio, RngBackendModel.Random, "/dev/urandom"), (rng.Model, rng.BackendModel, rng.BackendPath));
        Assert.Empty(devices.Graphics);
    }

    [Fact]
    public void Zero_stats_period_leaves_balloon_statistics_off()
    {
        var designer = NewDesigner(new DomainDesignerOptions { MemStatsPeriodSeconds = 0 });

        Assert.Null(designer.Design(Request()).Devices.Memballoon?.StatsPeriodSeconds);
    }

    [Fact]
    public void Metadata_records_owner_flavor_image_host_and_design_time_to_the_second()
    {
        var metadata = NewDesigner().Design(Request()).Metadata!;

        Assert.Equal(("web-1", "1.0.0", HostName, ImageId), (metadata.Name, metadata.PackageVersion, metadata.Host, metadata.RootImage));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 18, 30, 15, TimeSpan.Zero), metadata.CreationTime);
        Assert.Equal(("m1.tiny", 256, 1, 0, 0, 1), (metadata.Flavor?.Name, metadata.Flavor?.MemoryMb, metadata.Flavor?.DiskGb, metadata.Flavor?.SwapMb, metadata.Flavor?.EphemeralGb, metadata.Flavor?.Vcpus));
        Assert.Equal(("a1b2c3d4e5f64718293a4b5c6d7e8f90", "9c1a2b3c4d5e4f60a1b2c3d4e5f60718"), (metadata.Owner?.UserId, metadata.Owner?.ProjectId));
    }

    /// <summary>XML 1.0 cannot carry U+0001 at all: writing libvirt.xml would throw mid-spawn.</summary>
    [Fact]
    public void Control_characters_in_names_are_dropped_from_the_metadata()
    {
        var instance = Instance();
        instance.DisplayName = "web\u0001-1\U0001F600";

        var config = NewDesigner().Design(Request(instance: instance));

        Assert.Equal("web-1\U0001F600", config.Metadata?.Name);
        Assert.Contains("web-1\U0001F600", config.ToXmlString());
    }

    [Fact]
    public void Control_characters_in_os_command_line_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => NewDesigner().Design(Request(KernelImage("console=ttyS0\u0007"))));

        Assert.Contains("os_command_line", e.Message);
    }

    [Fact]
    public void Instance_paths_follow_novas_layout()
    {
        var paths = InstancePaths.For("/var/lib/kumo/instances", InstanceUuid);

        Assert.Equal(
            new InstancePaths(InstanceDir, $"{InstanceDir}/libvirt.xml", $"{InstanceDir}/console.log", $"{InstanceDir}/disk", $"{InstanceDir}/kernel", $"{InstanceDir}/ramdisk"),
            paths);
    }
}
