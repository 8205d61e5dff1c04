using Kumo.Virt.Libvirt.Config;

namespace Kumo.Virt.Libvirt.Driver;

/// <summary>
/// Decides kvm or qemu (TCG). A /dev/kvm that opens is not enough: some hosts here expose one from
/// kvm_pvm where guests hang at 100% CPU, so kvm also needs vmx or svm in /proc/cpuinfo.
/// </summary>
public static class VirtTypeResolver
{
    public static VirtType Resolve(string setting, string cpuinfoPath = "/proc/cpuinfo", string kvmDevice = "/dev/kvm") =>
        setting.ToLowerInvariant() switch
        {
            "kvm" => VirtType.Kvm,
            "qemu" => VirtType.Qemu,
            "auto" => KvmUsable(cpuinfoPath, kvmDevice) ? VirtType.Kvm : VirtType.Qemu,
            _ => throw new ArgumentException($"virt_type must be auto, kvm or qemu, not '{setting}'.", nameof(setting)),
        };

    public static bool KvmUsable(string cpuinfoPath, string kvmDevice)
    {
        if (!HasVirtualisationFlag(cpuinfoPath))
        {
            return false;
        }
        try
        {
            using var device = File.Open(kvmDevice, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool HasVirtualisationFlag(string cpuinfoPath)
    {
        if (!File.Exists(cpuinfoPath))
        {
            return false;
        }
        foreach (var line in File.ReadLines(cpuinfoPath))
        {
            if (line.StartsWith("flags", StringComparison.Ordinal))
            {
                var flags = line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return flags.Contains("vmx") || flags.Contains("svm");
            }
        }
        return false;
    }
}
