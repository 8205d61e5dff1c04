using Kumo.Objects.Network;

namespace Kumo.OsVif.Plugging;

/// <summary>os-vif's plug/unplug for one VIF of an instance. Both are idempotent.</summary>
public interface IVifPlugger
{
    Task PlugAsync(Guid instanceUuid, Vif vif, CancellationToken cancellationToken = default);

    Task UnplugAsync(Vif vif, CancellationToken cancellationToken = default);
}
