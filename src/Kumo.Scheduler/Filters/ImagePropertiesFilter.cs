using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Hosts;

namespace Kumo.Scheduler.Filters;

/// <summary>
/// Nova's ImagePropertiesFilter: an image that names its architecture (hw_architecture, or the older
/// architecture) or hypervisor type (img_hv_type, or hypervisor_type) goes only to hosts that match.
/// Compared case-insensitively, as Nova canonicalises both (QEMU = qemu).
/// </summary>
public sealed class ImagePropertiesFilter : IHostFilter
{
    public string Name => "ImagePropertiesFilter";

    public string? Reject(HostState host, RequestSpec spec)
    {
        var arch = Property(spec, "hw_architecture", "architecture");
        if (arch is not null && !Same(arch, host.Provider.CpuArch))
        {
            return $"architecture {Shown(host.Provider.CpuArch)}, image needs {arch}";
        }
        var hvType = Property(spec, "img_hv_type", "hypervisor_type");
        if (hvType is not null && !Same(hvType, host.Provider.HypervisorType))
        {
            return $"hypervisor type {Shown(host.Provider.HypervisorType)}, image needs {hvType}";
        }
        return null;
    }

    private static string? Property(RequestSpec spec, string name, string legacyName) =>
        spec.ImageProperties.TryGetValue(name, out var value) || spec.ImageProperties.TryGetValue(legacyName, out value)
            ? value
            : null;

    private static bool Same(string wanted, string actual) => string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);

    private static string Shown(string value) => value.Length == 0 ? "unknown" : value;
}
