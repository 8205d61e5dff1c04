using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>&lt;rng&gt;: a virtio-rng device fed from a host entropy source, so a fresh guest does not stall
/// at boot waiting for entropy (sshd, TLS).</summary>
public sealed class GuestRng : ILibvirtXmlElement<GuestRng>
{
    public RngModel Model { get; init; } = RngModel.Virtio;
    public RngBackendModel BackendModel { get; init; } = RngBackendModel.Random;
    /// <summary>/dev/urandom: never blocks, unlike /dev/random on older host kernels.</summary>
    public string? BackendPath { get; init; }

    public XElement ToXml() =>
        new("rng",
            new XAttribute("model", XmlEnumText<RngModel>.Format(Model)),
            new XElement("backend",
                new XAttribute("model", XmlEnumText<RngBackendModel>.Format(BackendModel)),
                BackendPath));

    public static GuestRng Parse(XElement element)
    {
        LibvirtXml.ExpectName(element, "rng");
        var backend = element.RequiredChild("backend");
        return new GuestRng
        {
            Model = element.RequiredEnumAttr<RngModel>("model"),
            BackendModel = backend.RequiredEnumAttr<RngBackendModel>("model"),
            BackendPath = backend.Value is { Length: > 0 } path ? path.Trim() : null,
        };
    }
}

public enum RngModel
{
    [XmlEnum("virtio")] Virtio,
}

public enum RngBackendModel
{
    [XmlEnum("random")] Random,
}
