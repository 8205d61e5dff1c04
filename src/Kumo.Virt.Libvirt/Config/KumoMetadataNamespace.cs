using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// Kumo's namespace inside &lt;metadata&gt;, as Nova uses http://openstack.org/xmlns/libvirt/nova/1.1. libvirt
/// keeps one element per namespace and ignores its content, so `virsh dumpxml` shows an operator who owns a
/// domain. Bump the version when the shape changes incompatibly.
/// </summary>
public static class KumoMetadataNamespace
{
    public const string Uri = "https://kumo.dev/xmlns/libvirt/domain/1.0";
    public const string Prefix = "kumo";

    public static readonly XNamespace Ns = Uri;

    internal static XAttribute Declaration() => new(XNamespace.Xmlns + Prefix, Uri);
}
