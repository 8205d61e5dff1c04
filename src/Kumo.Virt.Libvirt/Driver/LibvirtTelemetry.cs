using System.Diagnostics;

namespace Kumo.Virt.Libvirt.Driver;

/// <summary>Spans inside the libvirt driver's spawn: where a boot's time goes (image, XML, define, create).</summary>
public static class LibvirtTelemetry
{
    public static readonly ActivitySource Source = new("Kumo.Virt.Libvirt");

    public static Activity? Start(string name, Guid instanceUuid) =>
        Source.StartActivity(name)?.SetTag("kumo.instance_uuid", instanceUuid.ToString());
}
