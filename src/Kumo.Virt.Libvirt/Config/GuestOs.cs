using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// &lt;os&gt;: what the guest is and how it boots. Either direct kernel boot (<see cref="Kernel"/> set, the
/// image's kernel_id) or firmware boot from <see cref="BootDevices"/>.
/// </summary>
public sealed class GuestOs : ILibvirtXmlElement<GuestOs>
{
    public OsType Type { get; init; } = OsType.Hvm;
    public GuestArch? Arch { get; init; }
    /// <summary>A machine type or alias ('pc', 'q35', 'pc-i440fx-7.2'): an open set that QEMU defines, so a
    /// string. libvirt reports the alias expanded to the versioned name.</summary>
    public string? Machine { get; init; }
    public string? Kernel { get; init; }
    public string? Initrd { get; init; }
    public string? Cmdline { get; init; }
    /// <summary>In boot order; empty with direct kernel boot.</summary>
    public IReadOnlyList<BootDevice> BootDevices { get; init; } = [];
    public SmbiosMode? Smbios { get; init; }

    // Order as libvirt formats it (type, kernel, initrd, cmdline, boot, smbios).
    public XElement ToXml() =>
        new("os",
            new XElement("type",
                LibvirtXml.Attr("arch", Arch),
                LibvirtXml.Attr("machine", Machine),
                XmlEnumText<OsType>.Format(Type)),
            LibvirtXml.TextElement("kernel", Kernel),
            LibvirtXml.TextElement("initrd", Initrd),
            LibvirtXml.TextElement("cmdline", Cmdline),
            BootDevices.Select(d => new XElement("boot", new XAttribute("dev", XmlEnumText<BootDevice>.Format(d)))),
            Smbios is { } mode ? new XElement("smbios", new XAttribute("mode", XmlEnumText<SmbiosMode>.Format(mode))) : null);

    public static GuestOs Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "os");
        var type = element.RequiredChild("type");
        return new GuestOs
        {
            Type = XmlEnumText<OsType>.Parse(type.Value.Trim(), type),
            Arch = type.OptionalEnumAttr<GuestArch>("arch"),
            Machine = type.OptionalAttr("machine"),
            Kernel = element.ChildText("kernel"),
            Initrd = element.ChildText("initrd"),
            Cmdline = element.ChildText("cmdline"),
            BootDevices = element.Elements("boot").Select(b => b.RequiredEnumAttr<BootDevice>("dev")).ToList(),
            Smbios = element.Element("smbios")?.RequiredEnumAttr<SmbiosMode>("mode"),
        };
    }
}

public enum OsType
{
    /// <summary>Full virtualisation: the only type QEMU/KVM guests use.</summary>
    [XmlEnum("hvm")] Hvm,
}

public enum GuestArch
{
    [XmlEnum("x86_64")] X86_64,
    [XmlEnum("i686")] I686,
    [XmlEnum("aarch64")] Aarch64,
}

public enum BootDevice
{
    [XmlEnum("hd")] Hd,
    [XmlEnum("cdrom")] Cdrom,
    [XmlEnum("network")] Network,
    [XmlEnum("fd")] Fd,
}

/// <summary>&lt;smbios mode&gt;: 'sysinfo' shows the domain's &lt;sysinfo&gt; to the guest.</summary>
public enum SmbiosMode
{
    [XmlEnum("emulate")] Emulate,
    [XmlEnum("host")] Host,
    [XmlEnum("sysinfo")] Sysinfo,
}
