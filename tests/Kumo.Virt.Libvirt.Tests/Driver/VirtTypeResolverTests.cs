using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Driver;

namespace Kumo.Virt.Libvirt.Tests.Driver;

/// <summary>
/// The KVM trap on these machines: /dev/kvm opens (kvm_pvm) but the CPU has no vmx/svm and guests
/// hang. "auto" must pick kvm only when both hold.
/// </summary>
public sealed class VirtTypeResolverTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kumo-virt-type-").FullName;

    private string CpuInfo(string flags)
    {
        var path = Path.Combine(_dir, "cpuinfo-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllText(path, $"processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de {flags} sse sse2\n\nprocessor\t: 1\nflags\t\t: fpu {flags}\n");
        return path;
    }

    private string OpenableDevice()
    {
        var path = Path.Combine(_dir, "kvm");
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void Auto_picks_qemu_where_kvm_opens_but_the_cpu_has_no_virtualisation_flag() =>
        Assert.Equal(VirtType.Qemu, VirtTypeResolver.Resolve("auto", CpuInfo("pse tsc msr"), OpenableDevice()));

    [Fact]
    public void Auto_picks_kvm_with_vmx_or_svm_and_a_device_that_opens()
    {
        Assert.Equal(VirtType.Kvm, VirtTypeResolver.Resolve("auto", CpuInfo("vmx"), OpenableDevice()));
        Assert.Equal(VirtType.Kvm, VirtTypeResolver.Resolve("AUTO", CpuInfo("svm"), OpenableDevice()));
    }

    [Fact]
    public void Auto_picks_qemu_without_a_kvm_device_even_with_vmx() =>
        Assert.Equal(VirtType.Qemu, VirtTypeResolver.Resolve("auto", CpuInfo("vmx"), Path.Combine(_dir, "no-such-device")));

    [Fact]
    public void A_flag_that_only_contains_vmx_as_a_substring_does_not_count() =>
        Assert.Equal(VirtType.Qemu, VirtTypeResolver.Resolve("auto", CpuInfo("vmxnotreally svmish"), OpenableDevice()));

    [Fact]
    public void Explicit_settings_win_and_anything_else_is_refused()
    {
        Assert.Equal(VirtType.Kvm, VirtTypeResolver.Resolve("kvm", CpuInfo(""), Path.Combine(_dir, "none")));
        Assert.Equal(VirtType.Qemu, VirtTypeResolver.Resolve("qemu", CpuInfo("vmx"), OpenableDevice()));
        Assert.Contains("auto, kvm or qemu", Assert.Throws<ArgumentException>(() => VirtTypeResolver.Resolve("xen")).Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
