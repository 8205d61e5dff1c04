using System.Xml.Linq;

namespace Kumo.Bench;

/// <summary>
/// Turns the libvirt.xml Kumo wrote for one instance into the same domain for another name, uuid
/// and directory, element by element, so the plain-libvirt baseline boots exactly Kumo's design.
/// </summary>
internal static class DomainXmlRewriter
{
    public static string Rewrite(string templateXml, string templateDir, string name, Guid uuid, string directory)
    {
        var domain = XElement.Parse(templateXml);
        var oldUuid = Required(domain, "uuid").Value.Trim();
        Required(domain, "name").Value = name;
        Required(domain, "uuid").Value = uuid.ToString("D");

        // libvirt refuses a <sysinfo> uuid that differs from the domain's; the serial is Kumo's copy of it.
        foreach (var entry in domain.Elements("sysinfo").Elements("system").Elements("entry").Where(e => e.Value.Trim() == oldUuid))
        {
            entry.Value = uuid.ToString("D");
        }

        var os = Required(domain, "os");
        foreach (var file in os.Elements("kernel").Concat(os.Elements("initrd")))
        {
            file.Value = Move(file.Value, templateDir, directory);
        }
        var devices = Required(domain, "devices");
        foreach (var source in devices.Elements("disk").Elements("source").Attributes("file")
            .Concat(devices.Elements("serial").Concat(devices.Elements("console")).Elements("source").Attributes("path")))
        {
            source.Value = Move(source.Value, templateDir, directory);
        }

        var xml = domain.ToString();
        // Anything still naming the template instance would make two domains share a file.
        if (xml.Contains(templateDir, StringComparison.Ordinal) || xml.Contains(oldUuid, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The template domain names {templateDir} or {oldUuid} somewhere the rewriter does not know:\n{xml}");
        }
        return xml;
    }

    private static string Move(string path, string fromDir, string toDir) =>
        Path.GetDirectoryName(path) == fromDir
            ? Path.Combine(toDir, Path.GetFileName(path))
            : throw new InvalidOperationException($"{path} is not in the template instance directory {fromDir}.");

    private static XElement Required(XElement parent, string name) =>
        parent.Element(name) ?? throw new InvalidOperationException($"The template domain has no <{name}>.");
}
