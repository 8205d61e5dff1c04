namespace Kumo.Image;

/// <summary>The disk and container formats Kumo accepts: Glance's, minus those no Kumo driver can boot.</summary>
public static class ImageFormats
{
    /// <summary>aki/ari/ami are the kernel, ramdisk and machine images of direct kernel boot.</summary>
    public static readonly IReadOnlySet<string> DiskFormats = new HashSet<string>(StringComparer.Ordinal)
    {
        "raw", "qcow2", "aki", "ari", "ami", "iso",
    };

    public static readonly IReadOnlySet<string> ContainerFormats = new HashSet<string>(StringComparer.Ordinal)
    {
        "bare", "aki", "ari", "ami", "ovf",
    };
}
