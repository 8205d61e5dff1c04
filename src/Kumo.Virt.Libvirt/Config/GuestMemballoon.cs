using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;memballoon&gt;: lets the host read the guest's memory statistics (every
/// <see cref="StatsPeriodSeconds"/>) and reclaim memory. libvirt adds a virtio balloon when the element is
/// absent; model none is the only way to have none.</summary>
public sealed class GuestMemballoon : ILibvirtXmlElement<GuestMemballoon>
{
    public MemballoonModel Model { get; init; } = MemballoonModel.Virtio;
    public int? StatsPeriodSeconds { get; init; }

    public XElement ToXml() =>
        new("memballoon",
            new XAttribute("model", XmlEnumText<MemballoonModel>.Format(Model)),
            StatsPeriodSeconds is null ? null : new XElement("stats", LibvirtXml.Attr("period", StatsPeriodSeconds)));

    public static GuestMemballoon Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "memballoon");
        return new GuestMemballoon
        {
            Model = element.RequiredEnumAttr<MemballoonModel>("model"),
            StatsPeriodSeconds = element.Element("stats")?.OptionalIntAttr("period"),
        };
    }
}

public enum MemballoonModel
{
    [XmlEnum("virtio")] Virtio,
    [XmlEnum("none")] None,
}
