using System.Globalization;
using System.Xml.Linq;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// Small helpers shared by the element classes: null means "omit" on the way out and "absent" on the
/// way in, and every parse failure is a <see cref="FormatException"/> that names the element.
/// </summary>
internal static class LibvirtXml
{
    public static XAttribute? Attr(string name, string? value) =>
        value is null ? null : new XAttribute(name, value);

    public static XAttribute? Attr(string name, int? value) =>
        value is null ? null : new XAttribute(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public static XAttribute? Attr<T>(string name, T? value)
        where T : struct, Enum =>
        value is null ? null : new XAttribute(name, XmlEnumText<T>.Format(value.Value));

    public static XAttribute? YesNo(string name, bool? value) =>
        value is null ? null : new XAttribute(name, value.Value ? "yes" : "no");

    public static XAttribute? OnOff(string name, bool? value) =>
        value is null ? null : new XAttribute(name, value.Value ? "on" : "off");

    public static XElement? TextElement(string name, string? text) =>
        text is null ? null : new XElement(name, text);

    public static void ExpectName(XElement element, XName name)
    {
        if (element.Name != name)
        {
            throw new FormatException($"expected <{name.LocalName}>, got <{element.Name.LocalName}>");
        }
    }

    public static string? OptionalAttr(this XElement element, string name) => element.Attribute(name)?.Value;

    public static string RequiredAttr(this XElement element, string name) =>
        element.Attribute(name)?.Value
        ?? throw new FormatException($"<{element.Name.LocalName}> lacks the '{name}' attribute");

    public static T? OptionalEnumAttr<T>(this XElement element, string name)
        where T : struct, Enum =>
        element.Attribute(name)?.Value is { } text ? XmlEnumText<T>.Parse(text, element) : null;

    public static T RequiredEnumAttr<T>(this XElement element, string name)
        where T : struct, Enum =>
        XmlEnumText<T>.Parse(element.RequiredAttr(name), element);

    public static int? OptionalIntAttr(this XElement element, string name) =>
        element.Attribute(name)?.Value is { } text ? ParseInt(text, element) : null;

    public static bool? OptionalYesNoAttr(this XElement element, string name) =>
        element.Attribute(name)?.Value switch
        {
            null => null,
            "yes" => true,
            "no" => false,
            var other => throw new FormatException($"<{element.Name.LocalName}> {name}='{other}' is not yes/no"),
        };

    public static bool? OptionalOnOffAttr(this XElement element, string name) =>
        element.Attribute(name)?.Value switch
        {
            null => null,
            "on" => true,
            "off" => false,
            var other => throw new FormatException($"<{element.Name.LocalName}> {name}='{other}' is not on/off"),
        };

    public static string? ChildText(this XElement element, XName name) => element.Element(name)?.Value;

    public static XElement RequiredChild(this XElement element, XName name) =>
        element.Element(name) ?? throw new FormatException($"<{element.Name.LocalName}> lacks <{name.LocalName}>");

    public static int ParseInt(string text, XElement context) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"<{context.Name.LocalName}>: '{text}' is not an integer");

    public static long ParseLong(string text, XElement context) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"<{context.Name.LocalName}>: '{text}' is not an integer");

    public static Guid ParseGuid(string text, XElement context) =>
        Guid.TryParse(text.Trim(), out var value)
            ? value
            : throw new FormatException($"<{context.Name.LocalName}>: '{text}' is not a UUID");

    /// <summary>libvirt's own UUID spelling: lower-case, hyphenated.</summary>
    public static string FormatGuid(Guid value) => value.ToString("D");
}
