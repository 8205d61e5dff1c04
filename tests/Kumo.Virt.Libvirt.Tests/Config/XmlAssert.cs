using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Tests.Config;

internal static class XmlAssert
{
    /// <summary>Compares as text after one parse of each side, so a failure shows a readable diff and
    /// whitespace, quote style or where a namespace prefix is declared cannot fail the test. Attribute
    /// and element order still count.</summary>
    public static void Equal(string expected, XElement actual) =>
        Assert.Equal(Normalize(XElement.Parse(expected)), Normalize(actual));

    private static string Normalize(XElement element)
    {
        var copy = new XElement(element);
        copy.DescendantsAndSelf().Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        return XElement.Parse(copy.ToString()).ToString();
    }
}
