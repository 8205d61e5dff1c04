using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>What libvirt does on on_poweroff / on_reboot / on_crash. The coredump values are only valid
/// for on_crash (libvirt's schema enforces it).</summary>
public enum LifecycleAction
{
    [XmlEnum("destroy")] Destroy,
    [XmlEnum("restart")] Restart,
    [XmlEnum("preserve")] Preserve,
    [XmlEnum("rename-restart")] RenameRestart,
    [XmlEnum("coredump-destroy")] CoredumpDestroy,
    [XmlEnum("coredump-restart")] CoredumpRestart,
}
