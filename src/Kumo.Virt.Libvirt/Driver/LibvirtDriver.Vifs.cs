using Kumo.Common.Processes;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.OsVif.Inventory;
using Kumo.OsVif.Plugging;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Libvirt.Driver;

/// <summary>Nova's libvirt driver plug_vifs/unplug_vifs through os-vif (<see cref="VifPlugger"/>).</summary>
public sealed partial class LibvirtDriver
{
    /// <summary>os-vif: null on a host without networking, which then refuses any server with ports.</summary>
    public IVifPlugger? VifPlugger { get; init; }

    /// <summary>Lists the VIF devices for the host inventory (null: none listed).</summary>
    public VifInventory? VifInventory { get; init; }

    /// <summary>Plugs every port (idempotent: a restart re-plugs what is there). A failure unplugs what this call plugged.</summary>
    public async Task PlugVifsAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default)
    {
        if (networkInfo.IsEmpty)
        {
            return;
        }
        var plugger = VifPlugger ?? throw new KumoException("This compute host cannot plug VIFs: networking is not configured.");
        var plugged = new List<Vif>();
        try
        {
            foreach (var vif in networkInfo.Vifs)
            {
                plugged.Add(vif);
                await plugger.PlugAsync(instance.Uuid, vif, cancellationToken);
            }
        }
        catch (HostCommandException ex)
        {
            await UnplugAsync(instance, plugged);
            throw new KumoException($"Plugging port {plugged[^1].PortId} of instance {instance.Uuid} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Removes every device the plug made. Never fails a delete: what cannot be removed is logged and shows in the inventory as an orphan.</summary>
    public Task UnplugVifsAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default) =>
        VifPlugger is null ? Task.CompletedTask : UnplugAsync(instance, networkInfo.Vifs);

    private async Task UnplugAsync(Instance instance, IReadOnlyList<Vif> vifs)
    {
        foreach (var vif in vifs)
        {
            try
            {
                await VifPlugger!.UnplugAsync(vif, CancellationToken.None);
            }
            catch (HostCommandException ex)
            {
                LogUnplugFailed(instance.Uuid, vif.PortId, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Unplugging port {PortId} of instance {InstanceUuid} failed: {Error}")]
    private partial void LogUnplugFailed(Guid instanceUuid, Guid portId, string error);
}
