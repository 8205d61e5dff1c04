using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;kumo:owner&gt;: the user and project ids (and names when known), as Nova's nova:owner. The
/// attribute is called uuid like Nova's even though Keystone ids are plain hex strings.</summary>
public sealed class KumoOwnerMetadata : ILibvirtXmlElement<KumoOwnerMetadata>
{
    public required string UserId { get; init; }
    public string? UserName { get; init; }
    public required string ProjectId { get; init; }
    public string? ProjectName { get; init; }

    private static XNamespace Ns => KumoMetadataNamespace.Ns;

    public XElement ToXml() =>
        new(Ns + "owner",
            new XElement(Ns + "user", new XAttribute("uuid", UserId), UserName),
            new XElement(Ns + "project", new XAttribute("uuid", ProjectId), ProjectName));

    public static KumoOwnerMetadata Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, Ns + "owner");
        var user = element.RequiredChild(Ns + "user");
        var project = element.RequiredChild(Ns + "project");
        return new KumoOwnerMetadata
        {
            UserId = user.RequiredAttr("uuid"),
            UserName = user.Value is { Length: > 0 } userName ? userName : null,
            ProjectId = project.RequiredAttr("uuid"),
            ProjectName = project.Value is { Length: > 0 } projectName ? projectName : null,
        };
    }
}
