using System.Reflection;
using Kumo.Virt.Libvirt.Config;

namespace Kumo.Virt.Libvirt.Designer;

/// <summary>Host-wide choices of the designer (Nova's [libvirt] options where one exists).</summary>
public sealed class DomainDesignerOptions
{
    /// <summary>Nova's disk_cachemodes. Writeback because 'none' needs O_DIRECT, which tmpfs and some
    /// overlay file systems refuse: QEMU then fails at start with "Invalid argument".</summary>
    public DiskCacheMode DiskCacheMode { get; init; } = DiskCacheMode.Writeback;

    /// <summary>Nova's hw_machine_type. 'pc' (i440fx) rather than q35: fewer emulated devices, so TCG boots
    /// faster, and every device here is legacy-PCI friendly.</summary>
    public string MachineType { get; init; } = "pc";

    public GuestArch Arch { get; init; } = GuestArch.X86_64;

    /// <summary>Nova's cpu_mode, applied to KVM only: TCG cannot model the host's CPU, so QEMU domains keep
    /// QEMU's default model.</summary>
    public CpuMode KvmCpuMode { get; init; } = CpuMode.HostModel;

    /// <summary>Appended to root=/dev/vda for a direct kernel boot whose image has no os_command_line
    /// (Nova's CONSOLE before hvc0 was added; Kumo has no virtio console).</summary>
    public string DefaultConsoleArgs { get; init; } = "console=tty0 console=ttyS0";

    public string SysinfoManufacturer { get; init; } = "Kumo";

    /// <summary>cloud-init's OpenStack datasource recognises "OpenStack Compute" (and "OpenStack Nova").</summary>
    public string SysinfoProduct { get; init; } = "OpenStack Compute";

    /// <summary>Shown in SMBIOS and in the metadata's package version.</summary>
    public string ProductVersion { get; init; } = DefaultVersion();

    /// <summary>Nova's mem_stats_period_seconds; 0 leaves balloon statistics off.</summary>
    public int MemStatsPeriodSeconds { get; init; } = 10;

    private static string DefaultVersion()
    {
        var assembly = typeof(DomainDesignerOptions).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString()
                      ?? "0.0.0";

        // Drop the "+<commit>" SourceLink suffix: the guest sees this string.
        return version.Split('+')[0];
    }
}
