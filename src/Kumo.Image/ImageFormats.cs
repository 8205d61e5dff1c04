using Kumo.Objects.Errors;
using Kumo.Objects.Images;

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

    /// <summary>Formats may be left unset (empty) until the data is uploaded, as Glance allows.</summary>
    public static void Validate(ImageMeta image)
    {
        if (image.DiskFormat.Length > 0 && !ImageFormats.DiskFormats.Contains(image.DiskFormat))
        {
            throw new InvalidRequestException(
                $"Invalid disk format '{image.DiskFormat}' for image. Valid formats: {string.Join(", ", ImageFormats.DiskFormats)}.");
        }
        if (image.ContainerFormat.Length > 0 && !ImageFormats.ContainerFormats.Contains(image.ContainerFormat))
        {
            throw new InvalidRequestException(
                $"Invalid container format '{image.ContainerFormat}' for image. Valid formats: {string.Join(", ", ImageFormats.ContainerFormats)}.");
        }
    }
}
