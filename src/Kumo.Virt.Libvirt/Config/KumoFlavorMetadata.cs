using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;kumo:flavor name&gt;: the flavor's sizes when the domain was designed (Nova's nova:flavor).</summary>
public sealed class KumoFlavorMetadata : ILibvirtXmlElement<KumoFlavorMetadata>
{
    public required string Name { get; init; }
    public int? MemoryMb { get; init; }
    public int? DiskGb { get; init; }
    public int? SwapMb { get; init; }
    public int? EphemeralGb { get; init; }
    public int? Vcpus { get; init; }

    private static XNamespace Ns => KumoMetadataNamespace.Ns;

    public XElement ToXml() =>
        new(Ns + "flavor",
            new XAttribute("name", Name),
            Number("memory", MemoryMb),
            Number("disk", DiskGb),
            Number("swap", SwapMb),
            Number("ephemeral", EphemeralGb),
            Number("vcpus", Vcpus));

    public static KumoFlavorMetadata Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, Ns + "flavor");
        int? Read(string name) => element.Element(Ns + name) is { } e ? LibvirtXml.ParseInt(e.Value, e) : null;
        return new KumoFlavorMetadata
        {
            Name = element.RequiredAttr("name"),
            MemoryMb = Read("memory"),
            DiskGb = Read("disk"),
            SwapMb = Read("swap"),
            EphemeralGb = Read("ephemeral"),
            Vcpus = Read("vcpus"),
        };
    }

    private static XElement? Number(string name, int? value) =>
        value is null ? null : new XElement(Ns + name, value.Value);
}
