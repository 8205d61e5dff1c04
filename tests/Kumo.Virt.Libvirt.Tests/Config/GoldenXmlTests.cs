using Kumo.Virt.Libvirt.Tests.Designer;

namespace Kumo.Virt.Libvirt.Tests.Config;

/// <summary>The designed XML of a representative instance, byte for byte. A diff here is a change in
/// what Kumo asks libvirt for: review it like code.</summary>
public sealed class GoldenXmlTests
{
    [Fact]
    public void Kernel_boot_with_disk_and_one_vif_matches_golden_file()
    {
        const string name = "kernel-boot-disk-one-vif.xml";
        var actual = DesignFixtures.NewDesigner().Design(DesignFixtures.Representative()).ToXmlString();
        if (GoldenFile.UpdateRequested)
        {
            GoldenFile.Write(name, actual);
        }

        Assert.Equal(GoldenFile.Read(name), actual);
    }

    [Fact]
    public void Kernel_boot_with_ephemeral_swap_and_config_drive_matches_golden_file()
    {
        const string name = "kernel-boot-ephemeral-swap-config-drive.xml";
        var request = DesignFixtures.Request(DesignFixtures.KernelImage(), paths: DesignFixtures.PathsWithAllDisks());
        var actual = DesignFixtures.NewDesigner().Design(request).ToXmlString();
        if (GoldenFile.UpdateRequested)
        {
            GoldenFile.Write(name, actual);
        }

        Assert.Equal(GoldenFile.Read(name), actual);
    }
}
