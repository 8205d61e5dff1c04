using Kumo.Common.Processes;
using Kumo.Objects.Network;
using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;

namespace Kumo.OsVif.Plugging;

/// <summary>Picks the plug as Nova's os-vif glue does: hybrid when binding:vif_details says ovs_hybrid_plug, plain OVS otherwise.</summary>
public sealed class VifPlugger(OvsHybridPlug hybrid, OvsPlug plain) : IVifPlugger
{
    public static VifPlugger Create(VifOptions options, ICommandRunner runner)
    {
        var tools = new HostToolRunner(runner);
        var ovs = new OvsVsctl(tools);
        return new VifPlugger(new OvsHybridPlug(options, new IpLink(tools), new Ethtool(tools), ovs), new OvsPlug(options, ovs));
    }

    public Task PlugAsync(Guid instanceUuid, Vif vif, CancellationToken cancellationToken = default) =>
        (vif.Details.OvsHybridPlug ? (IVifPlugger)hybrid : plain).PlugAsync(instanceUuid, vif, cancellationToken);

    public Task UnplugAsync(Vif vif, CancellationToken cancellationToken = default) =>
        (vif.Details.OvsHybridPlug ? (IVifPlugger)hybrid : plain).UnplugAsync(vif, cancellationToken);
}
