using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// The root &lt;domain&gt;: a typed model of the libvirt domain XML Kumo writes (Nova's LibvirtConfigGuest).
/// Pure object ⇄ XML: no policy here (that is Designer/), and null means the element is left out so
/// libvirt applies its default.
/// </summary>
public sealed class GuestConfig : ILibvirtXmlElement<GuestConfig>
{
    public required VirtType Type { get; init; }
    public required string Name { get; init; }
    public required Guid Uuid { get; init; }
    public KumoInstanceMetadata? Metadata { get; init; }
    public required long MemoryKiB { get; init; }
    public required int Vcpus { get; init; }
    public GuestSysinfo? Sysinfo { get; init; }
    public required GuestOs Os { get; init; }
    public GuestFeatures? Features { get; init; }
    public GuestCpu? Cpu { get; init; }
    public GuestClock? Clock { get; init; }
    public LifecycleAction? OnPoweroff { get; init; }
    public LifecycleAction? OnReboot { get; init; }
    public LifecycleAction? OnCrash { get; init; }
    public GuestDevices Devices { get; init; } = new();

    // Element order as libvirt formats a domain, so our XML diffs cleanly against `virsh dumpxml`.
    public XElement ToXml() =>
        new("domain",
            new XAttribute("type", XmlEnumText<VirtType>.Format(Type)),
            new XElement("name", Name),
            new XElement("uuid", LibvirtXml.FormatGuid(Uuid)),
            Metadata is null ? null : new XElement("metadata", Metadata.ToXml()),
            new XElement("memory", new XAttribute("unit", MemoryUnits.KiB), MemoryKiB),
            new XElement("vcpu", Vcpus),
            Sysinfo?.ToXml(),
            Os.ToXml(),
            Features?.ToXml(),
            Cpu?.ToXml(),
            Clock?.ToXml(),
            Lifecycle("on_poweroff", OnPoweroff),
            Lifecycle("on_reboot", OnReboot),
            Lifecycle("on_crash", OnCrash),
            Devices.ToXml());

    /// <summary>Two-space indented, LF line ends, no XML declaration: byte-for-byte stable for a given
    /// config, so it can be compared with golden files and written as the instance's libvirt.xml.</summary>
    public string ToXmlString()
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            OmitXmlDeclaration = true,
        };
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, settings))
        {
            ToXml().WriteTo(writer);
        }

        return text.Append('\n').ToString();
    }

    /// <summary>Parses a domain as Kumo wrote it or as libvirt returns it (virDomainGetXMLDesc): elements the
    /// model does not know are ignored; a known element with an unsupported value throws
    /// <see cref="FormatException"/>.</summary>
    public static GuestConfig Parse(string xml)
    {
        XElement root;
        try
        {
            root = XElement.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new FormatException($"domain XML is not well-formed: {e.Message}", e);
        }

        return Parse(root);
    }

    public static GuestConfig Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "domain");
        var vcpu = element.RequiredChild("vcpu");
        var metadata = element.Element("metadata")?.Element(KumoMetadataNamespace.Ns + "instance");
        return new GuestConfig
        {
            Type = element.RequiredEnumAttr<VirtType>("type"),
            Name = element.RequiredChild("name").Value,
            Uuid = LibvirtXml.ParseGuid(element.RequiredChild("uuid").Value, element),
            Metadata = metadata is null ? null : KumoInstanceMetadata.Parse(metadata),
            MemoryKiB = MemoryUnits.ToKiB(element.RequiredChild("memory")),
            Vcpus = LibvirtXml.ParseInt(vcpu.Value, vcpu),
            Sysinfo = element.Element("sysinfo") is { } sysinfo ? GuestSysinfo.Parse(sysinfo) : null,
            Os = GuestOs.Parse(element.RequiredChild("os")),
            Features = element.Element("features") is { } features ? GuestFeatures.Parse(features) : null,
            Cpu = element.Element("cpu") is { } cpu ? GuestCpu.Parse(cpu) : null,
            Clock = element.Element("clock") is { } clock ? GuestClock.Parse(clock) : null,
            OnPoweroff = ParseLifecycle(element, "on_poweroff"),
            OnReboot = ParseLifecycle(element, "on_reboot"),
            OnCrash = ParseLifecycle(element, "on_crash"),
            Devices = element.Element("devices") is { } devices ? GuestDevices.Parse(devices) : new GuestDevices(),
        };
    }

    private static XElement? Lifecycle(string name, LifecycleAction? action) =>
        action is { } a ? new XElement(name, XmlEnumText<LifecycleAction>.Format(a)) : null;

    private static LifecycleAction? ParseLifecycle(XElement domain, string name) =>
        domain.Element(name) is { } e ? XmlEnumText<LifecycleAction>.Parse(e.Value.Trim(), e) : null;
}
