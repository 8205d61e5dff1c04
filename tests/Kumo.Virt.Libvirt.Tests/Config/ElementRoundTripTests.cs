using System.Xml.Linq;
using Kumo.Virt.Libvirt.Config;

namespace Kumo.Virt.Libvirt.Tests.Config;

/// <summary>
/// Each element class: Parse then ToXml gives back the same XML. The literals are written in the order the
/// model emits, which is libvirt's own order.
/// </summary>
public sealed class ElementRoundTripTests
{
    private const string Kumo = "xmlns:kumo=\"https://kumo.dev/xmlns/libvirt/domain/1.0\"";

    /// <summary>Element name → its class, for every model class except GuestConfig (see GoldenXmlTests).</summary>
    private static readonly Dictionary<XName, (Type Type, Func<XElement, XElement> RoundTrip)> s_classes = new()
    {
        ["sysinfo"] = Case<GuestSysinfo>(),
        ["os"] = Case<GuestOs>(),
        ["features"] = Case<GuestFeatures>(),
        ["clock"] = Case<GuestClock>(),
        ["timer"] = Case<GuestTimer>(),
        ["cpu"] = Case<GuestCpu>(),
        ["disk"] = Case<GuestDisk>(),
        ["interface"] = Case<GuestInterface>(),
        ["serial"] = Case<GuestSerial>(),
        ["console"] = Case<GuestConsole>(),
        ["memballoon"] = Case<GuestMemballoon>(),
        ["rng"] = Case<GuestRng>(),
        ["graphics"] = Case<GuestGraphics>(),
        ["devices"] = Case<GuestDevices>(),
        [KumoMetadataNamespace.Ns + "instance"] = Case<KumoInstanceMetadata>(),
        [KumoMetadataNamespace.Ns + "flavor"] = Case<KumoFlavorMetadata>(),
        [KumoMetadataNamespace.Ns + "owner"] = Case<KumoOwnerMetadata>(),
    };

    [Theory]
    [InlineData("""
        <sysinfo type="smbios"><system>
          <entry name="manufacturer">Kumo</entry><entry name="product">OpenStack Compute</entry>
          <entry name="version">1.0.0</entry><entry name="serial">abc</entry>
          <entry name="uuid">6f1c2a3e-8b4d-4c5e-9f60-7a1b2c3d4e5f</entry><entry name="family">Virtual Machine</entry>
        </system></sysinfo>
        """)]
    [InlineData("""<sysinfo type="smbios"><system><entry name="product">p</entry></system></sysinfo>""")]
    [InlineData("""
        <os><type arch="x86_64" machine="pc">hvm</type><kernel>/k</kernel><initrd>/i</initrd>
          <cmdline>console=ttyS0</cmdline><smbios mode="sysinfo"/></os>
        """)]
    [InlineData("""<os><type arch="x86_64" machine="q35">hvm</type><boot dev="hd"/><boot dev="cdrom"/><boot dev="network"/></os>""")]
    [InlineData("<os><type>hvm</type></os>")]
    [InlineData("<features><acpi/><apic/></features>")]
    [InlineData("<features><apic/></features>")]
    [InlineData("""<clock offset="utc"/>""")]
    [InlineData("""
        <clock offset="localtime"><timer name="pit" tickpolicy="delay"/><timer name="rtc" tickpolicy="catchup"/>
          <timer name="hpet" present="no"/><timer name="kvmclock" present="yes"/></clock>
        """)]
    [InlineData("""<timer name="tsc"/>""")]
    [InlineData("""<cpu mode="host-model"/>""")]
    [InlineData("""<cpu mode="host-passthrough" check="none"/>""")]
    [InlineData("""<cpu mode="custom" match="exact" check="none"><model>qemu64</model></cpu>""")]
    [InlineData("""
        <disk type="file" device="disk"><driver name="qemu" type="qcow2" cache="writeback"/>
          <source file="/var/lib/kumo/instances/x/disk"/><target dev="vda" bus="virtio"/></disk>
        """)]
    [InlineData("""
        <disk type="file" device="cdrom"><driver name="qemu" type="raw"/><source file="/x/disk.config"/>
          <target dev="hdc" bus="ide"/><readonly/><serial>config-drive</serial></disk>
        """)]
    [InlineData("""<disk type="file" device="disk"><target dev="sda" bus="sata"/></disk>""")]
    [InlineData("""
        <interface type="bridge"><mac address="fa:16:3e:12:34:56"/><source bridge="qbr3e4f5a6b-7c"/>
          <target dev="tap3e4f5a6b-7c"/><model type="virtio"/><mtu size="1450"/></interface>
        """)]
    [InlineData("""<interface type="ethernet"><target dev="tap0123"/><model type="e1000"/></interface>""")]
    [InlineData("""
        <interface type="bridge"><mac address="fa:16:3e:12:34:56"/><source bridge="br-int"/>
          <virtualport type="openvswitch"><parameters interfaceid="3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"/></virtualport>
          <target dev="tap3e4f5a6b-7c"/><model type="virtio"/></interface>
        """)]
    [InlineData("""<serial type="file"><source path="/x/console.log" append="on"/><target port="0"/></serial>""")]
    [InlineData("""<serial type="pty"><target port="1"/></serial>""")]
    [InlineData("""<console type="file"><source path="/x/console.log"/><target type="serial" port="0"/></console>""")]
    [InlineData("""<console type="pty"><target type="virtio" port="0"/></console>""")]
    [InlineData("""<memballoon model="virtio"><stats period="10"/></memballoon>""")]
    [InlineData("""<memballoon model="none"/>""")]
    [InlineData("""<rng model="virtio"><backend model="random">/dev/urandom</backend></rng>""")]
    [InlineData("""<graphics type="vnc" autoport="yes" listen="127.0.0.1"/>""")]
    [InlineData("""
        <devices>
          <disk type="file" device="disk"><target dev="vda" bus="virtio"/></disk>
          <interface type="bridge"><mac address="fa:16:3e:00:00:01"/></interface>
          <interface type="bridge"><mac address="fa:16:3e:00:00:02"/></interface>
          <serial type="file"><source path="/c.log"/><target port="0"/></serial>
          <console type="file"><source path="/c.log"/><target type="serial" port="0"/></console>
          <graphics type="spice"/>
          <memballoon model="virtio"/>
          <rng model="virtio"><backend model="random">/dev/urandom</backend></rng>
        </devices>
        """)]
    [InlineData("<devices/>")]
    [InlineData($"""
        <kumo:instance {Kumo}><kumo:package version="1.0.0"/><kumo:name>web-1</kumo:name>
          <kumo:creationTime>2026-11-25 18:30:15</kumo:creationTime>
          <kumo:flavor name="m1.tiny"><kumo:memory>512</kumo:memory><kumo:disk>1</kumo:disk><kumo:swap>0</kumo:swap>
            <kumo:ephemeral>0</kumo:ephemeral><kumo:vcpus>1</kumo:vcpus></kumo:flavor>
          <kumo:owner><kumo:user uuid="u1">alice</kumo:user><kumo:project uuid="p1">demo</kumo:project></kumo:owner>
          <kumo:root type="image" uuid="0b7e6d5c-4a3b-4c2d-8e1f-0a9b8c7d6e5f"/><kumo:host>compute-1</kumo:host>
        </kumo:instance>
        """)]
    [InlineData($"""<kumo:instance {Kumo}><kumo:name>only a name</kumo:name></kumo:instance>""")]
    [InlineData($"""<kumo:flavor {Kumo} name="m1.small"><kumo:vcpus>2</kumo:vcpus></kumo:flavor>""")]
    [InlineData($"""<kumo:owner {Kumo}><kumo:user uuid="u1"/><kumo:project uuid="p1"/></kumo:owner>""")]
    public void Parse_then_ToXml_gives_the_same_xml(string xml)
    {
        var element = XElement.Parse(xml);

        XmlAssert.Equal(xml, s_classes[element.Name].RoundTrip(element));
    }

    [Fact]
    public void Every_model_class_has_round_trip_cases()
    {
        var modelled = typeof(GuestConfig).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ILibvirtXmlElement<>)))
            .Where(t => t != typeof(GuestConfig))
            .Select(t => t.Name)
            .Order();

        Assert.Equal(modelled, s_classes.Values.Select(c => c.Type.Name).Order());
    }

    [Fact]
    public void Parse_refuses_another_element()
    {
        var e = Assert.Throws<FormatException>(() => GuestDisk.Parse(XElement.Parse("<interface type='bridge'/>")));
        Assert.Contains("expected <disk>", e.Message);
    }

    private static (Type, Func<XElement, XElement>) Case<T>()
        where T : ILibvirtXmlElement<T> =>
        (typeof(T), e => T.Parse(e).ToXml());
}
