using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;graphics&gt;: a remote display. Kumo's guests are headless (no element), which also spares
/// the VGA device libvirt would otherwise add; this exists for parsing domains that have one and for a
/// later VNC console.</summary>
public sealed class GuestGraphics : ILibvirtXmlElement<GuestGraphics>
{
    public required GraphicsType Type { get; init; }
    public bool? Autoport { get; init; }
    public string? ListenAddress { get; init; }

    public XElement ToXml() =>
        new("graphics",
            new XAttribute("type", XmlEnumText<GraphicsType>.Format(Type)),
            LibvirtXml.YesNo("autoport", Autoport),
            LibvirtXml.Attr("listen", ListenAddress));

    public static GuestGraphics Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "graphics");
        return new GuestGraphics
        {
            Type = element.RequiredEnumAttr<GraphicsType>("type"),
            Autoport = element.OptionalYesNoAttr("autoport"),
            ListenAddress = element.OptionalAttr("listen"),
        };
    }
}

public enum GraphicsType
{
    [XmlEnum("vnc")] Vnc,
    [XmlEnum("spice")] Spice,
}
