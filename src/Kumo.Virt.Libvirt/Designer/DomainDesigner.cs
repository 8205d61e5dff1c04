using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Config;

namespace Kumo.Virt.Libvirt.Designer;

/// <summary>
/// The policy that turns an instance, its image, its ports and the host's choices into a domain (Nova's
/// LibvirtDriver._get_guest_config with designer.py). The result is plain data: nothing here touches
/// libvirt or the disk, so every rule is unit-testable.
/// </summary>
/// <param name="timeProvider">Stamps the metadata's creationTime; <see cref="TimeProvider.System"/> when null.</param>
public sealed class DomainDesigner(DomainDesignerOptions options, TimeProvider? timeProvider = null)
{
    /// <summary>The root disk's guest device name; also what root= names in the default kernel command line.</summary>
    public const string RootDeviceName = "vda";

    private const string SmbiosFamily = "Virtual Machine";

    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;

    /// <exception cref="ArgumentException">The request cannot boot: the image names a kernel or ramdisk
    /// the paths lack, there is neither a kernel nor a root disk, or os_command_line holds characters
    /// XML cannot carry.</exception>
    public GuestConfig Design(DesignRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = request.Instance;
        return new GuestConfig
        {
            Type = request.VirtType,
            Name = DomainNames.For(instance.Uuid),
            Uuid = instance.Uuid,
            Metadata = DesignMetadata(request),
            MemoryKiB = instance.MemoryMb * 1024L,
            Vcpus = instance.Vcpus,
            Sysinfo = DesignSysinfo(instance),
            Os = DesignOs(request),
            Features = new GuestFeatures { Acpi = true, Apic = true },
            Cpu = DesignCpu(request.VirtType),
            Clock = DesignClock(),
            OnPoweroff = LifecycleAction.Destroy,
            OnReboot = LifecycleAction.Restart,
            OnCrash = LifecycleAction.Destroy,
            Devices = DeviceDesigner.Design(request, options),
        };
    }

    private GuestOs DesignOs(DesignRequest request)
    {
        var (image, paths) = (request.Image, request.Paths);
        if (image.KernelId is null)
        {
            if (paths.RootDisk is null)
            {
                throw new ArgumentException(
                    $"Instance {request.Instance.Uuid} has neither a kernel nor a root disk to boot from", nameof(request));
            }

            return new GuestOs
            {
                Arch = options.Arch,
                Machine = options.MachineType,
                BootDevices = [BootDevice.Hd],
                Smbios = SmbiosMode.Sysinfo,
            };
        }

        return new GuestOs
        {
            Arch = options.Arch,
            Machine = options.MachineType,
            Kernel = paths.Kernel ?? throw MissingPath(request, "kernel_id", nameof(InstancePaths.Kernel)),
            Initrd = image.RamdiskId is null
                ? null
                : paths.Ramdisk ?? throw MissingPath(request, "ramdisk_id", nameof(InstancePaths.Ramdisk)),
            Cmdline = KernelCmdline(request),
            Smbios = SmbiosMode.Sysinfo,
        };
    }

    /// <summary>The image's os_command_line wins; else Nova's default, with root= only when there is a
    /// root disk (a diskless guest runs from its initrd).</summary>
    private string KernelCmdline(DesignRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Image.OsCommandLine))
        {
            // Refused rather than cleaned: a silently edited kernel command line boots something else.
            return XmlText.IsValid(request.Image.OsCommandLine)
                ? request.Image.OsCommandLine
                : throw new ArgumentException(
                    $"Image {request.Image.Id} has an os_command_line with characters XML cannot carry", nameof(request));
        }

        return request.Paths.RootDisk is null
            ? options.DefaultConsoleArgs
            : $"root=/dev/{RootDeviceName} {options.DefaultConsoleArgs}";
    }

    private GuestCpu? DesignCpu(VirtType virtType) =>
        virtType == VirtType.Kvm ? new GuestCpu { Mode = options.KvmCpuMode } : null;

    /// <summary>Nova's x86 timers: the PIT and RTC catch up or delay instead of flooding a descheduled
    /// guest with missed ticks, and no HPET, which costs guests time and is rarely used by them.</summary>
    private static GuestClock DesignClock() =>
        new()
        {
            Offset = ClockOffset.Utc,
            Timers =
            [
                new GuestTimer { Name = TimerName.Pit, TickPolicy = TimerTickPolicy.Delay },
                new GuestTimer { Name = TimerName.Rtc, TickPolicy = TimerTickPolicy.Catchup },
                new GuestTimer { Name = TimerName.Hpet, Present = false },
            ],
        };

    /// <summary>The serial is the instance uuid (Nova's sysinfo_serial=none behaviour minus the host id),
    /// so a guest can tell who it is without a metadata service.</summary>
    private GuestSysinfo DesignSysinfo(Instance instance) =>
        new()
        {
            Manufacturer = options.SysinfoManufacturer,
            Product = options.SysinfoProduct,
            Version = options.ProductVersion,
            Serial = instance.Uuid.ToString("D"),
            Uuid = instance.Uuid,
            Family = SmbiosFamily,
        };

    private KumoInstanceMetadata DesignMetadata(DesignRequest request)
    {
        var instance = request.Instance;
        var flavor = instance.Flavor;
        var now = _clock.GetUtcNow();
        return new KumoInstanceMetadata
        {
            PackageVersion = options.ProductVersion,
            Name = XmlText.Clean(instance.DisplayName),
            CreationTime = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)),
            Flavor = new KumoFlavorMetadata
            {
                Name = XmlText.Clean(flavor.Name),
                MemoryMb = flavor.MemoryMb,
                DiskGb = flavor.RootGb,
                SwapMb = flavor.SwapMb,
                EphemeralGb = flavor.EphemeralGb,
                Vcpus = flavor.Vcpus,
            },
            Owner = new KumoOwnerMetadata { UserId = instance.UserId, ProjectId = instance.ProjectId },
            RootImage = request.Image.Id,
            Host = request.HostName,
        };
    }

    private static ArgumentException MissingPath(DesignRequest request, string property, string path) =>
        new($"Image {request.Image.Id} has {property} but the paths of instance {request.Instance.Uuid} have no {path}",
            nameof(request));
}
