using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;disk type='file'&gt;: an image file on the host shown to the guest as a disk or CD-ROM.</summary>
public sealed class GuestDisk : ILibvirtXmlElement<GuestDisk>
{
    public DiskType Type { get; init; } = DiskType.File;
    public DiskDevice Device { get; init; } = DiskDevice.Disk;
    public DiskDriverName? DriverName { get; init; }
    /// <summary>&lt;driver type&gt;: the file's format. Always say it: letting QEMU probe a raw file's
    /// format lets a guest that writes a qcow2 header read host files (CVE-2008-2004).</summary>
    public DiskFormat? Format { get; init; }
    public DiskCacheMode? Cache { get; init; }
    public string? SourceFile { get; init; }
    /// <summary>vda, sda, hdc ...: a hint to the guest; the guest kernel names disks itself.</summary>
    public required string TargetDev { get; init; }
    public DiskBus? TargetBus { get; init; }
    public bool ReadOnly { get; init; }
    public string? Serial { get; init; }

    // Order as libvirt formats it: driver, source, target, readonly, serial.
    public XElement ToXml() =>
        new("disk",
            new XAttribute("type", XmlEnumText<DiskType>.Format(Type)),
            new XAttribute("device", XmlEnumText<DiskDevice>.Format(Device)),
            DriverName is null && Format is null && Cache is null
                ? null
                : new XElement("driver",
                    LibvirtXml.Attr("name", DriverName),
                    LibvirtXml.Attr("type", Format),
                    LibvirtXml.Attr("cache", Cache)),
            SourceFile is null ? null : new XElement("source", new XAttribute("file", SourceFile)),
            new XElement("target",
                new XAttribute("dev", TargetDev),
                LibvirtXml.Attr("bus", TargetBus)),
            ReadOnly ? new XElement("readonly") : null,
            LibvirtXml.TextElement("serial", Serial));

    /// <summary>Ignores what libvirt adds on its own (alias, address, backingStore).</summary>
    public static GuestDisk Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "disk");
        var driver = element.Element("driver");
        var target = element.RequiredChild("target");
        return new GuestDisk
        {
            Type = element.RequiredEnumAttr<DiskType>("type"),
            Device = element.OptionalEnumAttr<DiskDevice>("device") ?? DiskDevice.Disk,
            DriverName = driver?.OptionalEnumAttr<DiskDriverName>("name"),
            Format = driver?.OptionalEnumAttr<DiskFormat>("type"),
            Cache = driver?.OptionalEnumAttr<DiskCacheMode>("cache"),
            SourceFile = element.Element("source")?.OptionalAttr("file"),
            TargetDev = target.RequiredAttr("dev"),
            TargetBus = target.OptionalEnumAttr<DiskBus>("bus"),
            ReadOnly = element.Element("readonly") is not null,
            Serial = element.ChildText("serial"),
        };
    }
}

public enum DiskType
{
    [XmlEnum("file")] File,
}

public enum DiskDevice
{
    [XmlEnum("disk")] Disk,
    [XmlEnum("cdrom")] Cdrom,
}

public enum DiskDriverName
{
    [XmlEnum("qemu")] Qemu,
}

public enum DiskFormat
{
    [XmlEnum("raw")] Raw,
    [XmlEnum("qcow2")] Qcow2,
}

/// <summary>&lt;driver cache&gt;; Nova's [libvirt] disk_cachemodes. 'none' (O_DIRECT) fails on file systems
/// without O_DIRECT such as tmpfs, which is why Kumo's default is writeback.</summary>
public enum DiskCacheMode
{
    [XmlEnum("default")] Default,
    [XmlEnum("none")] None,
    [XmlEnum("writethrough")] Writethrough,
    [XmlEnum("writeback")] Writeback,
    [XmlEnum("directsync")] Directsync,
    [XmlEnum("unsafe")] Unsafe,
}

public enum DiskBus
{
    [XmlEnum("virtio")] Virtio,
    [XmlEnum("sata")] Sata,
    [XmlEnum("ide")] Ide,
    [XmlEnum("scsi")] Scsi,
}
