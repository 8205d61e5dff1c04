using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;domain type=...&gt;: Nova's [libvirt] virt_type. Which one a host gets is the driver's decision
/// (see environment.md: a /dev/kvm alone does not prove KVM works).</summary>
public enum VirtType
{
    /// <summary>TCG, software emulation.</summary>
    [XmlEnum("qemu")] Qemu,
    [XmlEnum("kvm")] Kvm,
}
