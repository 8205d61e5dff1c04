using Kumo.Objects.Network;
using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Designer;
using static Kumo.Virt.Libvirt.Tests.Designer.DesignFixtures;

namespace Kumo.Virt.Libvirt.Tests.Designer;

/// <summary>Every shape the designer produces is valid against libvirt's own domain schema.</summary>
public sealed class SchemaValidationTests
{
    public static TheoryData<string> Variants => new(s_variants.Keys);

    private static readonly Dictionary<string, Func<DesignRequest>> s_variants = new()
    {
        ["kernel boot, qemu, one vif"] = Representative,
        ["kernel boot, kvm, two vifs"] = () => Request(KernelImage(), VirtType.Kvm, TwoVifs()),
        ["kernel boot without ramdisk or disk, qemu, no vif"] =
            () => Request(KernelImage(ramdisk: false), VirtType.Qemu, NetworkInfo.Empty, Paths() with { RootDisk = null }),
        ["kernel boot, kvm, no vif"] = () => Request(KernelImage("console=ttyS0"), VirtType.Kvm),
        ["disk boot, qemu, two vifs"] = () => Request(DiskImage(), VirtType.Qemu, TwoVifs()),
        ["disk boot, kvm, no vif"] = () => Request(DiskImage(), VirtType.Kvm),
        ["disk boot, qemu, no vif"] = () => Request(DiskImage(), VirtType.Qemu),
        ["kernel boot, qemu, ephemeral + swap + config drive"] = () => Request(KernelImage(), VirtType.Qemu, OneVif(), PathsWithAllDisks()),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Designed_domain_validates_against_libvirts_schema(string variant)
    {
        var xml = NewDesigner().Design(s_variants[variant]()).ToXmlString();

        var (exitCode, output) = VirtXmlValidate.Run(xml);

        Assert.True(exitCode == 0, $"virt-xml-validate exited {exitCode}: {output}\n{xml}");
    }

    /// <summary>The validator is really checking: a domain libvirt would refuse is reported.</summary>
    [Fact]
    public void Validator_rejects_an_invalid_domain()
    {
        var xml = NewDesigner().Design(Representative()).ToXmlString().Replace("<on_crash>destroy</on_crash>", "<on_crash>explode</on_crash>");

        Assert.NotEqual(0, VirtXmlValidate.Run(xml).ExitCode);
    }
}
