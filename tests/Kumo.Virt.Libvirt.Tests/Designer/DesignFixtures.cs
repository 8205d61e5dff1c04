using Kumo.Objects.Flavors;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Designer;

namespace Kumo.Virt.Libvirt.Tests.Designer;

/// <summary>Fixed, representative inputs for the designer: every id and time is a constant so the
/// designed XML can be compared with golden files.</summary>
internal static class DesignFixtures
{
    public const string InstancesPath = "/var/lib/kumo/instances";
    public const string HostName = "compute-1";

    public static readonly Guid InstanceUuid = Guid.Parse("6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f");
    public static readonly Guid ImageId = Guid.Parse("0b7e6d5c-4a3b-4c2d-8e1f-0a9b8c7d6e5f");
    public static readonly Guid KernelId = Guid.Parse("1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5");
    public static readonly Guid RamdiskId = Guid.Parse("2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6");
    public static readonly Guid PortId = Guid.Parse("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7");
    public static readonly Guid SecondPortId = Guid.Parse("4f5a6b7c-8d9e-4fa0-b1c2-d3e4f5a6b7c8");
    public static readonly Guid NetworkId = Guid.Parse("5a6b7c8d-9eaf-40b1-c2d3-e4f5a6b7c8d9");
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 18, 30, 15, 250, TimeSpan.Zero);

    public static DomainDesigner NewDesigner(DomainDesignerOptions? options = null) =>
        new(options ?? new DomainDesignerOptions { ProductVersion = "1.0.0" }, new FixedTimeProvider(Now));

    public static Instance Instance(int memoryMb = 256, int vcpus = 1) =>
        new()
        {
            Uuid = InstanceUuid,
            DisplayName = "web-1",
            Hostname = "web-1",
            ProjectId = "9c1a2b3c4d5e4f60a1b2c3d4e5f60718",
            UserId = "a1b2c3d4e5f64718293a4b5c6d7e8f90",
            Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = vcpus, MemoryMb = memoryMb, RootGb = 1 },
            ImageRef = ImageId,
            CreatedAt = Now,
        };

    /// <summary>A bootable disk image (firmware boot from vda).</summary>
    public static ImageMeta DiskImage() =>
        new() { Id = ImageId, Name = "cirros", DiskFormat = "qcow2", Status = ImageStatus.Active };

    /// <summary>An AMI-style image that names its kernel and ramdisk (direct kernel boot).</summary>
    public static ImageMeta KernelImage(string? osCommandLine = null, bool ramdisk = true)
    {
        var properties = new Dictionary<string, string> { ["kernel_id"] = KernelId.ToString() };
        if (ramdisk)
        {
            properties["ramdisk_id"] = RamdiskId.ToString();
        }

        if (osCommandLine is not null)
        {
            properties["os_command_line"] = osCommandLine;
        }

        return new ImageMeta
        {
            Id = ImageId,
            Name = "kumo-guest",
            DiskFormat = "ami",
            Status = ImageStatus.Active,
            Properties = properties,
        };
    }

    public static Vif Vif(Guid portId, string mac = "fa:16:3e:12:34:56", int mtu = 1450) =>
        new(portId, NetworkId, mac, VifType: "ovs", DevName: "", FixedIps: ["10.0.0.5"], Mtu: mtu);

    public static NetworkInfo OneVif() => new([Vif(PortId)]);

    public static NetworkInfo TwoVifs() => new([Vif(PortId), Vif(SecondPortId, "fa:16:3e:65:43:21", 1500)]);

    public static InstancePaths Paths() => InstancePaths.For(InstancesPath, InstanceUuid);

    public static DesignRequest Request(
        ImageMeta? image = null,
        VirtType virtType = VirtType.Qemu,
        NetworkInfo? network = null,
        InstancePaths? paths = null,
        Instance? instance = null) =>
        new(instance ?? Instance(), image ?? KernelImage(), virtType, paths ?? Paths(), network ?? NetworkInfo.Empty, HostName);

    /// <summary>Every disk Nova's mapping knows here: root, the flavor's ephemeral and swap, and a config drive.</summary>
    public static InstancePaths PathsWithAllDisks()
    {
        var paths = Paths();
        return paths with
        {
            Ephemeral = $"{paths.InstanceDir}/disk.local",
            Swap = $"{paths.InstanceDir}/disk.swap",
            ConfigDrive = $"{paths.InstanceDir}/disk.config",
        };
    }

    /// <summary>The golden design: direct kernel boot with a ramdisk, a root disk and one port, on TCG.</summary>
    public static DesignRequest Representative() => Request(KernelImage(), VirtType.Qemu, OneVif());
}
