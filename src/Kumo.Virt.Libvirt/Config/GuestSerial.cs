using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;serial&gt;: an emulated 16550 UART (ttyS&lt;port&gt; in a Linux guest).</summary>
public sealed class GuestSerial : ILibvirtXmlElement<GuestSerial>
{
    public required CharDeviceType Type { get; init; }
    /// <summary>The log file for type file; libvirt fills in the allocated /dev/pts/N for a running pty.</summary>
    public string? SourcePath { get; init; }
    /// <summary>For type file: on keeps earlier output across restarts; libvirt's default is to truncate.</summary>
    public bool? Append { get; init; }
    public int? TargetPort { get; init; }

    public XElement ToXml() =>
        new("serial",
            new XAttribute("type", XmlEnumText<CharDeviceType>.Format(Type)),
            CharDeviceSource.ToXml(SourcePath, Append),
            TargetPort is null ? null : new XElement("target", LibvirtXml.Attr("port", TargetPort)));

    /// <summary>The target type and model libvirt fills in (isa-serial) are ignored.</summary>
    public static GuestSerial Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "serial");
        var (path, append) = CharDeviceSource.Parse(element);
        return new GuestSerial
        {
            Type = element.RequiredEnumAttr<CharDeviceType>("type"),
            SourcePath = path,
            Append = append,
            TargetPort = element.Element("target")?.OptionalIntAttr("port"),
        };
    }
}
