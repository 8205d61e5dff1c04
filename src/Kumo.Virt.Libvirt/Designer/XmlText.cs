using System.Text;
using System.Xml;

namespace Kumo.Virt.Libvirt.Designer;

/// <summary>
/// User-supplied text (server and flavor names, image properties) can hold characters XML 1.0 cannot
/// carry at all, such as U+0001: XmlWriter would then throw while writing libvirt.xml, deep inside a
/// spawn. The designer deals with them up front instead.
/// </summary>
internal static class XmlText
{
    public static bool IsValid(string text) => Clean(text).Length == text.Length;

    /// <summary>For informational text (metadata): drops what XML cannot carry, keeps the rest.</summary>
    public static string Clean(string text)
    {
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var pair = i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]);
            if (pair || XmlConvert.IsXmlChar(text[i]))
            {
                clean?.Append(text, i, pair ? 2 : 1);
            }
            else
            {
                clean ??= new StringBuilder(text, 0, i, text.Length);
            }

            i += pair ? 1 : 0;
        }

        return clean?.ToString() ?? text;
    }
}
