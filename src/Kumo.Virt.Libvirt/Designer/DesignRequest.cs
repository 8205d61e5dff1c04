using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Libvirt.Config;

namespace Kumo.Virt.Libvirt.Designer;

/// <summary>Everything the designer turns into a domain. <paramref name="VirtType"/> is decided by the driver
/// (the virt_type setting and the host check), never here.</summary>
/// <param name="HostName">The compute service's host name, recorded in the domain's metadata.</param>
public sealed record DesignRequest(
    Instance Instance,
    ImageMeta Image,
    VirtType VirtType,
    InstancePaths Paths,
    NetworkInfo NetworkInfo,
    string HostName);
