using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// &lt;interface&gt;: a guest NIC backed by a host tap. With type bridge libvirt creates the tap named
/// <see cref="TargetDev"/> and enslaves it to <see cref="SourceBridge"/>; with type ethernet it creates the
/// tap and leaves the plumbing to us.
/// </summary>
public sealed class GuestInterface : ILibvirtXmlElement<GuestInterface>
{
    public required InterfaceType Type { get; init; }
    public string? MacAddress { get; init; }
    public string? SourceBridge { get; init; }
    /// <summary>The host tap name (at most 15 characters, the kernel's IFNAMSIZ - 1). libvirt discards names
    /// starting with 'vnet' or 'macvtap' (its own pools) on define.</summary>
    public string? TargetDev { get; init; }
    /// <summary>&lt;virtualport type='openvswitch'&gt;: libvirt adds the tap to the OVS bridge itself, with
    /// <see cref="InterfaceId"/> (the Neutron port id) as external-ids:iface-id (os-vif's plain ovs plug).</summary>
    public string? VirtualPortType { get; init; }
    public string? InterfaceId { get; init; }
    public NicModel? Model { get; init; }
    public int? Mtu { get; init; }

    // Order as libvirt formats it: mac, source, virtualport, target, model, mtu.
    public XElement ToXml() =>
        new("interface",
            new XAttribute("type", XmlEnumText<InterfaceType>.Format(Type)),
            MacAddress is null ? null : new XElement("mac", new XAttribute("address", MacAddress)),
            SourceBridge is null ? null : new XElement("source", new XAttribute("bridge", SourceBridge)),
            VirtualPortType is null ? null : new XElement("virtualport", new XAttribute("type", VirtualPortType),
                InterfaceId is null ? null : new XElement("parameters", new XAttribute("interfaceid", InterfaceId))),
            TargetDev is null ? null : new XElement("target", new XAttribute("dev", TargetDev)),
            Model is { } model ? new XElement("model", new XAttribute("type", XmlEnumText<NicModel>.Format(model))) : null,
            Mtu is { } mtu ? new XElement("mtu", LibvirtXml.Attr("size", mtu)) : null);

    /// <summary>Ignores alias, address, and the like that libvirt adds.</summary>
    public static GuestInterface Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "interface");
        return new GuestInterface
        {
            Type = element.RequiredEnumAttr<InterfaceType>("type"),
            MacAddress = element.Element("mac")?.OptionalAttr("address"),
            SourceBridge = element.Element("source")?.OptionalAttr("bridge"),
            TargetDev = element.Element("target")?.OptionalAttr("dev"),
            VirtualPortType = element.Element("virtualport")?.OptionalAttr("type"),
            InterfaceId = element.Element("virtualport")?.Element("parameters")?.OptionalAttr("interfaceid"),
            Model = element.Element("model")?.OptionalEnumAttr<NicModel>("type"),
            Mtu = element.Element("mtu")?.OptionalIntAttr("size"),
        };
    }
}

public enum InterfaceType
{
    [XmlEnum("bridge")] Bridge,
    [XmlEnum("ethernet")] Ethernet,
}

public enum NicModel
{
    [XmlEnum("virtio")] Virtio,
    [XmlEnum("e1000")] E1000,
    [XmlEnum("rtl8139")] Rtl8139,
}
