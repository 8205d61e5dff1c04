using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>The host side of a serial port or console.</summary>
public enum CharDeviceType
{
    /// <summary>A pseudo-terminal libvirt allocates at start (virsh console attaches to it).</summary>
    [XmlEnum("pty")] Pty,
    /// <summary>QEMU writes the guest's output to a file (the console log); nothing can be typed in.</summary>
    [XmlEnum("file")] File,
}
