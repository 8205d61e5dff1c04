using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>The &lt;source path append&gt; shared by &lt;serial&gt; and &lt;console&gt;.</summary>
internal static class CharDeviceSource
{
    public static XElement? ToXml(string? path, bool? append) =>
        path is null && append is null
            ? null
            : new XElement("source", LibvirtXml.Attr("path", path), LibvirtXml.OnOff("append", append));

    public static (string? Path, bool? Append) Parse(XElement device)
    {
        var source = device.Element("source");
        return (source?.OptionalAttr("path"), source?.OptionalOnOffAttr("append"));
    }
}
