using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// &lt;sysinfo type='smbios'&gt; with the SMBIOS "system" entries (type 1 table) that guests read through
/// dmidecode: cloud-init recognises OpenStack by the product name found here. Only shown to the guest
/// when &lt;os&gt;&lt;smbios mode='sysinfo'/&gt;.
/// </summary>
public sealed class GuestSysinfo : ILibvirtXmlElement<GuestSysinfo>
{
    public string? Manufacturer { get; init; }
    public string? Product { get; init; }
    public string? Version { get; init; }
    public string? Serial { get; init; }
    /// <summary>Must equal the domain's &lt;uuid&gt;: libvirt refuses a mismatch.</summary>
    public Guid? Uuid { get; init; }
    public string? Family { get; init; }

    public XElement ToXml() =>
        new("sysinfo",
            new XAttribute("type", "smbios"),
            new XElement("system",
                Entry("manufacturer", Manufacturer),
                Entry("product", Product),
                Entry("version", Version),
                Entry("serial", Serial),
                Entry("uuid", Uuid is { } uuid ? LibvirtXml.FormatGuid(uuid) : null),
                Entry("family", Family)));

    /// <summary>Reads the system entries; other tables (bios, baseBoard, chassis ...) and unknown entries
    /// are ignored.</summary>
    public static GuestSysinfo Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "sysinfo");
        if (element.OptionalAttr("type") is { } type && type != "smbios")
        {
            throw new FormatException($"<sysinfo>: unsupported type '{type}'");
        }

        var entries = (element.Element("system")?.Elements("entry") ?? [])
            .GroupBy(e => e.RequiredAttr("name"), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        string? Get(string name) => entries.TryGetValue(name, out var v) ? v : null;

        return new GuestSysinfo
        {
            Manufacturer = Get("manufacturer"),
            Product = Get("product"),
            Version = Get("version"),
            Serial = Get("serial"),
            Uuid = Get("uuid") is { } uuid ? LibvirtXml.ParseGuid(uuid, element) : null,
            Family = Get("family"),
        };
    }

    private static XElement? Entry(string name, string? value) =>
        value is null ? null : new XElement("entry", new XAttribute("name", name), value);
}
