using System.Globalization;
using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// &lt;kumo:instance&gt; inside the domain's &lt;metadata&gt;: who the domain belongs to, after Nova's
/// nova:instance (package, name, creationTime, flavor, owner, root), plus the compute host that defined it.
/// </summary>
public sealed class KumoInstanceMetadata : ILibvirtXmlElement<KumoInstanceMetadata>
{
    /// <summary>Nova's format: UTC, seconds, no zone suffix.</summary>
    private const string CreationTimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The Kumo version that wrote the XML.</summary>
    public string? PackageVersion { get; init; }
    /// <summary>The server's display name.</summary>
    public string? Name { get; init; }
    /// <summary>When this XML was designed; seconds precision.</summary>
    public DateTimeOffset? CreationTime { get; init; }
    public KumoFlavorMetadata? Flavor { get; init; }
    public KumoOwnerMetadata? Owner { get; init; }
    /// <summary>The image the root disk came from (Nova's &lt;nova:root type='image' uuid&gt;).</summary>
    public Guid? RootImage { get; init; }
    /// <summary>The compute service (its host name) that defined the domain. Several Kumo compute services can
    /// share one libvirtd (simulated hosts, tests); each must only adopt its own domains.</summary>
    public string? Host { get; init; }

    private static XNamespace Ns => KumoMetadataNamespace.Ns;

    public XElement ToXml() =>
        new(Ns + "instance",
            KumoMetadataNamespace.Declaration(),
            PackageVersion is null ? null : new XElement(Ns + "package", new XAttribute("version", PackageVersion)),
            Name is null ? null : new XElement(Ns + "name", Name),
            CreationTime is { } created
                ? new XElement(Ns + "creationTime", created.UtcDateTime.ToString(CreationTimeFormat, CultureInfo.InvariantCulture))
                : null,
            Flavor?.ToXml(),
            Owner?.ToXml(),
            RootImage is { } image
                ? new XElement(Ns + "root", new XAttribute("type", "image"), new XAttribute("uuid", LibvirtXml.FormatGuid(image)))
                : null,
            Host is null ? null : new XElement(Ns + "host", Host));

    public static KumoInstanceMetadata Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, Ns + "instance");
        var root = element.Element(Ns + "root");
        return new KumoInstanceMetadata
        {
            PackageVersion = element.Element(Ns + "package")?.OptionalAttr("version"),
            Name = element.ChildText(Ns + "name"),
            CreationTime = element.Element(Ns + "creationTime") is { } created ? ParseCreationTime(created) : null,
            Flavor = element.Element(Ns + "flavor") is { } flavor ? KumoFlavorMetadata.Parse(flavor) : null,
            Owner = element.Element(Ns + "owner") is { } owner ? KumoOwnerMetadata.Parse(owner) : null,
            RootImage = root?.OptionalAttr("uuid") is { } uuid ? LibvirtXml.ParseGuid(uuid, root) : null,
            Host = element.ChildText(Ns + "host"),
        };
    }

    private static DateTimeOffset ParseCreationTime(XElement element) =>
        DateTimeOffset.TryParseExact(element.Value.Trim(), CreationTimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new FormatException($"<creationTime>: '{element.Value}' is not '{CreationTimeFormat}'");
}
