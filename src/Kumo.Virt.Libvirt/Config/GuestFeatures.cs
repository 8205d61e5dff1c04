using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;features&gt;: ACPI so the guest can be shut down cleanly (virDomainShutdown sends an ACPI
/// power button event), APIC for SMP guests. Other features are ignored on parse.</summary>
public sealed class GuestFeatures : ILibvirtXmlElement<GuestFeatures>
{
    public bool Acpi { get; init; }
    public bool Apic { get; init; }

    public XElement ToXml() =>
        new("features",
            Acpi ? new XElement("acpi") : null,
            Apic ? new XElement("apic") : null);

    public static GuestFeatures Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "features");
        return new GuestFeatures
        {
            Acpi = element.Element("acpi") is not null,
            Apic = element.Element("apic") is not null,
        };
    }
}
