using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// &lt;cpu&gt;: the guest CPU model. Omit the element (GuestConfig.Cpu = null) to take the hypervisor's
/// default, which for TCG is qemu64; libvirt then reports mode='custom' with that model, which is why
/// <see cref="Match"/>, <see cref="Check"/> and <see cref="Model"/> exist.
/// </summary>
public sealed class GuestCpu : ILibvirtXmlElement<GuestCpu>
{
    public CpuMode? Mode { get; init; }
    public CpuMatch? Match { get; init; }
    public CpuCheck? Check { get; init; }
    public string? Model { get; init; }

    public XElement ToXml() =>
        new("cpu",
            LibvirtXml.Attr("mode", Mode),
            LibvirtXml.Attr("match", Match),
            LibvirtXml.Attr("check", Check),
            LibvirtXml.TextElement("model", Model));

    /// <summary>Topology, features and NUMA cells are ignored.</summary>
    public static GuestCpu Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "cpu");
        return new GuestCpu
        {
            Mode = element.OptionalEnumAttr<CpuMode>("mode"),
            Match = element.OptionalEnumAttr<CpuMatch>("match"),
            Check = element.OptionalEnumAttr<CpuCheck>("check"),
            Model = element.ChildText("model"),
        };
    }
}

public enum CpuMode
{
    [XmlEnum("custom")] Custom,
    /// <summary>The closest named model to the host CPU plus its extra flags: migratable between like hosts.</summary>
    [XmlEnum("host-model")] HostModel,
    [XmlEnum("host-passthrough")] HostPassthrough,
    [XmlEnum("maximum")] Maximum,
}

public enum CpuMatch
{
    [XmlEnum("minimum")] Minimum,
    [XmlEnum("exact")] Exact,
    [XmlEnum("strict")] Strict,
}

public enum CpuCheck
{
    [XmlEnum("none")] None,
    [XmlEnum("partial")] Partial,
    [XmlEnum("full")] Full,
}
