using System.Text.Json;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>The parts of <c>qemu-img info --output=json</c> Kumo uses.</summary>
public sealed record QemuImageInfo(string Format, long VirtualSize, string? BackingFilename, string? BackingFormat, string? DataFile = null)
{
    public static QemuImageInfo Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new QemuImageInfo(
            root.GetProperty("format").GetString() ?? throw new FormatException("qemu-img info gave no format"),
            root.GetProperty("virtual-size").GetInt64(),
            root.TryGetProperty("backing-filename", out var backing) ? backing.GetString() : null,
            root.TryGetProperty("backing-filename-format", out var backingFormat) ? backingFormat.GetString() : null,
            DataFileOf(root));
    }

    /// <summary>A qcow2 "external data file" (format-specific.data.data-file): another file on the host holding the guest's data.</summary>
    private static string? DataFileOf(JsonElement root) =>
        root.TryGetProperty("format-specific", out var specific)
        && specific.TryGetProperty("data", out var data)
        && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("data-file", out var dataFile)
            ? dataFile.GetString()
            : null;
}
