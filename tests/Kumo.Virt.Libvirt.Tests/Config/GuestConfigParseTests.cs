using System.Xml.Linq;
using Kumo.Virt.Libvirt.Config;

namespace Kumo.Virt.Libvirt.Tests.Config;

/// <summary>Parsing whole domains: our own golden XML, and XML as libvirt returns it.</summary>
public sealed class GuestConfigParseTests
{
    /// <summary>`virsh dumpxml` of the golden design after define on libvirt 9.0 (qemu:///embed): libvirt's
    /// additions (controllers, inputs, audio, addresses, currentMemory ...) and normalisations included.</summary>
    private const string LibvirtDump = "libvirt-9.0-dumpxml-kernel-boot.xml";

    private const string Golden = "kernel-boot-disk-one-vif.xml";

    [Fact]
    public void Golden_xml_round_trips_byte_for_byte()
    {
        var golden = GoldenFile.Read(Golden);

        Assert.Equal(golden, GuestConfig.Parse(golden).ToXmlString());
    }

    [Fact]
    public void Libvirt_dumpxml_parses_and_ignores_what_libvirt_added()
    {
        var config = GuestConfig.Parse(GoldenFile.Read(LibvirtDump));

        Assert.Equal(VirtType.Qemu, config.Type);
        Assert.Equal("instance-6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f", config.Name);
        Assert.Equal(262144, config.MemoryKiB);
        Assert.Equal("compute-1", config.Metadata?.Host);
        Assert.Equal("m1.tiny", config.Metadata?.Flavor?.Name);
        Assert.Single(config.Devices.Disks);
        Assert.Single(config.Devices.Interfaces);
        Assert.Equal("tap3e4f5a6b-7c", config.Devices.Interfaces[0].TargetDev);
        Assert.Single(config.Devices.Serials);
        Assert.Equal(CharDeviceType.File, Assert.Single(config.Devices.Consoles).Type);
    }

    /// <summary>What libvirt 9.0 changes in Kumo's XML on define, pinned so a libvirt upgrade that changes
    /// more shows up here: everything else comes back as designed.</summary>
    [Fact]
    public void Libvirt_dumpxml_differs_from_the_design_only_by_known_normalisations()
    {
        var fromLibvirt = GuestConfig.Parse(GoldenFile.Read(LibvirtDump)).ToXml();

        // The machine alias is expanded to the versioned machine type.
        Assert.Equal("pc-i440fx-7.2", fromLibvirt.Element("os")!.Element("type")!.Attribute("machine")!.Value);
        fromLibvirt.Element("os")!.Element("type")!.SetAttributeValue("machine", "pc");
        // A boot device is added even for a direct kernel boot (it is libvirt's default boot order).
        fromLibvirt.Element("os")!.Elements("boot").Remove();
        // TCG's default CPU is spelt out.
        XmlAssert.Equal("""<cpu mode="custom" match="exact" check="none"><model>qemu64</model></cpu>""", fromLibvirt.Element("cpu")!);
        fromLibvirt.Element("cpu")!.Remove();

        XmlAssert.Equal(GoldenFile.Read(Golden), fromLibvirt);
    }

    [Fact]
    public void Running_domain_xml_with_unknown_elements_parses()
    {
        const string xml = """
            <domain type='kvm' id='7' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
              <name>instance-x</name>
              <uuid>6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f</uuid>
              <genid>0f1e2d3c-4b5a-4968-8776-655443322110</genid>
              <metadata>
                <other:thing xmlns:other='https://example.org/other'>ignored</other:thing>
              </metadata>
              <memory unit='MiB'>512</memory>
              <currentMemory unit='KiB'>524288</currentMemory>
              <vcpu placement='static' current='1'>2</vcpu>
              <resource><partition>/machine</partition></resource>
              <os firmware='efi'>
                <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
                <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>
                <boot dev='hd'/>
                <bootmenu enable='no'/>
              </os>
              <features><acpi/><apic/><vmport state='off'/></features>
              <cpu mode='custom' match='exact' check='full'>
                <model fallback='forbid'>Skylake-Client-IBRS</model>
                <feature policy='require' name='ss'/>
              </cpu>
              <clock offset='utc'><timer name='kvmclock' present='yes'/></clock>
              <pm><suspend-to-mem enabled='no'/></pm>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2' cache='none'/>
                  <source file='/d' index='1'/>
                  <backingStore type='file' index='2'><format type='raw'/><source file='/base'/></backingStore>
                  <target dev='vda' bus='virtio'/>
                  <alias name='virtio-disk0'/>
                  <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
                </disk>
                <controller type='pci' index='0' model='pcie-root'><alias name='pcie.0'/></controller>
                <interface type='ethernet'>
                  <mac address='fa:16:3e:00:00:01'/>
                  <target dev='tap3e4f5a6b-7c' managed='no'/>
                  <model type='virtio'/>
                  <alias name='net0'/>
                </interface>
                <serial type='pty'>
                  <source path='/dev/pts/3'/>
                  <target type='isa-serial' port='0'><model name='isa-serial'/></target>
                  <alias name='serial0'/>
                </serial>
                <console type='pty' tty='/dev/pts/3'>
                  <source path='/dev/pts/3'/>
                  <target type='serial' port='0'/>
                  <alias name='serial0'/>
                </console>
                <graphics type='vnc' port='5900' autoport='yes' listen='0.0.0.0'><listen type='address' address='0.0.0.0'/></graphics>
                <video><model type='cirrus' vram='16384' heads='1' primary='yes'/></video>
                <memballoon model='virtio'><stats period='10'/><alias name='balloon0'/></memballoon>
              </devices>
              <seclabel type='dynamic' model='dac' relabel='yes'><label>+64055:+994</label></seclabel>
              <qemu:commandline><qemu:arg value='-no-reboot'/></qemu:commandline>
            </domain>
            """;

        var config = GuestConfig.Parse(xml);

        Assert.Equal(VirtType.Kvm, config.Type);
        Assert.Null(config.Metadata);
        Assert.Equal(524288, config.MemoryKiB);
        Assert.Equal(2, config.Vcpus);
        Assert.Equal("pc-q35-7.2", config.Os.Machine);
        Assert.Equal([BootDevice.Hd], config.Os.BootDevices);
        Assert.True(config.Features is { Acpi: true, Apic: true });
        Assert.Equal("Skylake-Client-IBRS", config.Cpu?.Model);
        Assert.Equal(TimerName.Kvmclock, Assert.Single(config.Clock!.Timers).Name);
        Assert.Null(config.OnPoweroff);
        var disk = Assert.Single(config.Devices.Disks);
        Assert.Equal(("/d", DiskCacheMode.None), (disk.SourceFile, disk.Cache));
        Assert.Equal(InterfaceType.Ethernet, Assert.Single(config.Devices.Interfaces).Type);
        Assert.Equal("/dev/pts/3", Assert.Single(config.Devices.Serials).SourcePath);
        Assert.Equal(CharDeviceType.Pty, Assert.Single(config.Devices.Consoles).Type);
        Assert.Equal(GraphicsType.Vnc, Assert.Single(config.Devices.Graphics).Type);
        Assert.Empty(config.Devices.Rngs);
    }

    [Theory]
    [InlineData("b", 1048576, 1024)]
    [InlineData("bytes", 1000, 1)]
    [InlineData("KB", 2048, 2000)]
    [InlineData("KiB", 1024, 1024)]
    [InlineData("k", 7, 7)]
    [InlineData("MiB", 256, 262144)]
    [InlineData("M", 1, 1024)]
    [InlineData("MB", 1, 977)]
    [InlineData("GiB", 2, 2097152)]
    [InlineData("G", 1, 1048576)]
    public void Memory_in_any_libvirt_unit_is_read_as_KiB(string unit, long amount, long expectedKiB)
    {
        var config = GuestConfig.Parse(Minimal($"<memory unit='{unit}'>{amount}</memory>"));

        Assert.Equal(expectedKiB, config.MemoryKiB);
    }

    [Fact]
    public void Memory_without_unit_is_KiB()
    {
        Assert.Equal(4096, GuestConfig.Parse(Minimal("<memory>4096</memory>")).MemoryKiB);
    }

    [Theory]
    [InlineData("<domain type='xen'><name>n</name><uuid>6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f</uuid><memory>1</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>", "VirtType 'xen'")]
    [InlineData("<domain type='qemu'><name>n</name><uuid>nope</uuid><memory>1</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>", "'nope' is not a UUID")]
    [InlineData("<domain type='qemu'><name>n</name><uuid>6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f</uuid><memory>1</memory><vcpu>1</vcpu></domain>", "lacks <os>")]
    [InlineData("<domain type='qemu'><name>n</name><uuid>6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f</uuid><memory unit='PiB'>1</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>", "unknown memory unit 'PiB'")]
    [InlineData("<network><name>default</name></network>", "expected <domain>")]
    [InlineData("<domain type='qemu'><name>", "not well-formed")]
    public void Bad_domain_xml_throws_FormatException_that_says_why(string xml, string reason)
    {
        var e = Assert.Throws<FormatException>(() => GuestConfig.Parse(xml));

        Assert.Contains(reason, e.Message);
    }

    /// <summary>A block device is a valid domain but not one Kumo models yet: say so instead of dropping it.</summary>
    [Fact]
    public void Unsupported_value_in_a_modelled_element_names_the_element()
    {
        var e = Assert.Throws<FormatException>(() =>
            GuestDisk.Parse(XElement.Parse("<disk type='block' device='disk'><source dev='/dev/sdb'/><target dev='vdb'/></disk>")));

        Assert.Equal("<disk>: unsupported DiskType 'block'", e.Message);
    }

    private static string Minimal(string memory) =>
        $"<domain type='qemu'><name>n</name><uuid>6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f</uuid>{memory}<vcpu>1</vcpu><os><type>hvm</type></os></domain>";
}
