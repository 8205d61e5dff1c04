using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>The contract of every model class: to XML and back, with no state in between. Stated as an
/// interface so tests can check each class round-trips, generically.</summary>
public interface ILibvirtXmlElement<TSelf>
    where TSelf : ILibvirtXmlElement<TSelf>
{
    XElement ToXml();

    /// <summary>Reads the element; child elements and attributes the model does not know are ignored.</summary>
    /// <exception cref="FormatException">A wrong element, a missing required part or an unsupported value.</exception>
    static abstract TSelf Parse(XElement element);
}
