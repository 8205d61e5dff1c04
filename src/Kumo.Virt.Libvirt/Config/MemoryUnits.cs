using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// libvirt accepts &lt;memory unit=...&gt; in any of its units but always reports KiB; the model keeps KiB.
/// Units as in libvirt's formatdomain "Memory Allocation" (KB = 1000, KiB = k = 1024, ...).
/// </summary>
internal static class MemoryUnits
{
    public const string KiB = "KiB";

    public static long ToKiB(XElement element)
    {
        var amount = LibvirtXml.ParseLong(element.Value, element);
        var bytes = (element.OptionalAttr("unit") ?? KiB) switch
        {
            "b" or "bytes" => amount,
            "KB" => amount * 1000,
            "k" or "KiB" => amount * 1024,
            "MB" => amount * 1000_000,
            "M" or "MiB" => amount << 20,
            "GB" => amount * 1000_000_000,
            "G" or "GiB" => amount << 30,
            "TB" => amount * 1000_000_000_000,
            "T" or "TiB" => amount << 40,
            var unit => throw new FormatException($"<{element.Name.LocalName}>: unknown memory unit '{unit}'"),
        };

        // libvirt rounds partial KiB up, so do we.
        return (bytes + 1023) / 1024;
    }
}
