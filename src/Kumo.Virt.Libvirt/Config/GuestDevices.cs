using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// &lt;devices&gt;: the devices Kumo designs. Parsing skips everything else libvirt lists there
/// (emulator, controllers, input, audio, video ...), which it adds by itself on define.
/// </summary>
public sealed class GuestDevices : ILibvirtXmlElement<GuestDevices>
{
    public IReadOnlyList<GuestDisk> Disks { get; init; } = [];
    public IReadOnlyList<GuestInterface> Interfaces { get; init; } = [];
    public IReadOnlyList<GuestSerial> Serials { get; init; } = [];
    public IReadOnlyList<GuestConsole> Consoles { get; init; } = [];
    public IReadOnlyList<GuestGraphics> Graphics { get; init; } = [];
    public GuestMemballoon? Memballoon { get; init; }
    public IReadOnlyList<GuestRng> Rngs { get; init; } = [];

    // Grouped by kind in libvirt's own order, so our XML diffs cleanly against `virsh dumpxml`.
    public XElement ToXml() =>
        new("devices",
            Disks.Select(d => d.ToXml()),
            Interfaces.Select(i => i.ToXml()),
            Serials.Select(s => s.ToXml()),
            Consoles.Select(c => c.ToXml()),
            Graphics.Select(g => g.ToXml()),
            Memballoon?.ToXml(),
            Rngs.Select(r => r.ToXml()));

    public static GuestDevices Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "devices");
        return new GuestDevices
        {
            Disks = element.Elements("disk").Select(GuestDisk.Parse).ToList(),
            Interfaces = element.Elements("interface").Select(GuestInterface.Parse).ToList(),
            Serials = element.Elements("serial").Select(GuestSerial.Parse).ToList(),
            Consoles = element.Elements("console").Select(GuestConsole.Parse).ToList(),
            Graphics = element.Elements("graphics").Select(GuestGraphics.Parse).ToList(),
            Memballoon = element.Element("memballoon") is { } balloon ? GuestMemballoon.Parse(balloon) : null,
            Rngs = element.Elements("rng").Select(GuestRng.Parse).ToList(),
        };
    }
}
