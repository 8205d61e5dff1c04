namespace Kumo.Virt.Libvirt.Storage;

internal static class DiskSizes
{
    /// <summary>Nova's root_gb is GiB (it multiplies by units.Gi).</summary>
    public const long GiB = 1L << 30;
}
