using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// &lt;console&gt;: the device `virsh console` and virDomainOpenConsole use. With target type serial it is
/// not a device of its own but an alias of &lt;serial&gt; number <see cref="TargetPort"/>: libvirt 9.0
/// replaces its type and source with that serial's on define (a pty console next to a file serial comes
/// back as a file console), so a designer should give it the serial's type and source.
/// </summary>
public sealed class GuestConsole : ILibvirtXmlElement<GuestConsole>
{
    public required CharDeviceType Type { get; init; }
    public string? SourcePath { get; init; }
    public bool? Append { get; init; }
    public ConsoleTargetType? TargetType { get; init; }
    public int? TargetPort { get; init; }

    public XElement ToXml() =>
        new("console",
            new XAttribute("type", XmlEnumText<CharDeviceType>.Format(Type)),
            CharDeviceSource.ToXml(SourcePath, Append),
            TargetType is null && TargetPort is null
                ? null
                : new XElement("target", LibvirtXml.Attr("type", TargetType), LibvirtXml.Attr("port", TargetPort)));

    /// <summary>The tty attribute of a running pty console is ignored (it repeats the source path).</summary>
    public static GuestConsole Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "console");
        var (path, append) = CharDeviceSource.Parse(element);
        var target = element.Element("target");
        return new GuestConsole
        {
            Type = element.RequiredEnumAttr<CharDeviceType>("type"),
            SourcePath = path,
            Append = append,
            TargetType = target?.OptionalEnumAttr<ConsoleTargetType>("type"),
            TargetPort = target?.OptionalIntAttr("port"),
        };
    }
}

public enum ConsoleTargetType
{
    [XmlEnum("serial")] Serial,
    /// <summary>virtio-console (hvc0 in the guest).</summary>
    [XmlEnum("virtio")] Virtio,
}
