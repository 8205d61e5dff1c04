using Kumo.Objects.Network;
using Kumo.Virt.Libvirt.Config;

namespace Kumo.Virt.Libvirt.Designer;

/// <summary>The &lt;devices&gt; part of the design: disks in Nova's disk mapping order, one NIC per port,
/// console log, balloon, RNG. No graphics: Kumo's guests are headless.</summary>
internal static class DeviceDesigner
{
    private const string EntropySource = "/dev/urandom";

    public static GuestDevices Design(DesignRequest request, DomainDesignerOptions options) =>
        new()
        {
            Disks = DiskMapping.Disks(request.Paths, options),
            Interfaces = request.NetworkInfo.Vifs.Select(Interface).ToList(),
            Serials = [new GuestSerial { Type = CharDeviceType.File, SourcePath = request.Paths.ConsoleLog, TargetPort = 0 }],
            Consoles = [ConsoleLog(request.Paths.ConsoleLog)],
            Memballoon = new GuestMemballoon
            {
                Model = MemballoonModel.Virtio,
                StatsPeriodSeconds = options.MemStatsPeriodSeconds > 0 ? options.MemStatsPeriodSeconds : null,
            },
            Rngs = [new GuestRng { Model = RngModel.Virtio, BackendModel = RngBackendModel.Random, BackendPath = EntropySource }],
        };

    /// <summary>
    /// Hybrid plug (os-vif's ovs_hybrid_plug): libvirt creates the tap and puts it in the port's qbr bridge;
    /// the network agent has made qbr and wired it to OVS beforehand. Every vif type gets this shape for
    /// now, since iptables filtering on the qbr bridge is the only firewall Kumo has.
    /// </summary>
    private static GuestInterface Interface(Vif vif) =>
        new()
        {
            Type = InterfaceType.Bridge,
            MacAddress = vif.MacAddress,
            SourceBridge = HybridPlugNames.Bridge(vif.PortId),
            TargetDev = HybridPlugNames.Tap(vif.PortId),
            Model = NicModel.Virtio,
            Mtu = vif.Mtu,
        };

    /// <summary>The console mirrors serial 0 (see <see cref="GuestConsole"/>): libvirt would rewrite a pty
    /// console to this anyway, and saying it ourselves keeps our XML equal to what libvirt returns.</summary>
    private static GuestConsole ConsoleLog(string path) =>
        new()
        {
            Type = CharDeviceType.File,
            SourcePath = path,
            TargetType = ConsoleTargetType.Serial,
            TargetPort = 0,
        };
}
