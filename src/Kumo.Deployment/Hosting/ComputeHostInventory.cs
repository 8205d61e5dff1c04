using Kumo.Dashboard.HostView;
using Kumo.Deployment.Diagnostics;

namespace Kumo.Deployment.Hosting;

/// <summary>The dashboard's view of this process's compute host: `kumo host inventory` over the running driver.</summary>
public sealed class ComputeHostInventory(SharedServices shared, ComputeUnit compute) : IHostInventorySource
{
    public string? Host => compute.Driver is null ? null : shared.Options.Compute.Host;

    public async Task<IReadOnlyList<HostInventoryItem>> ListAsync(CancellationToken cancellationToken)
    {
        if (compute.Driver is not { } driver)
        {
            return [];
        }
        var lines = await LocalHostInventory.ListAsync(driver, shared.Stores.Instances, shared.Options, cancellationToken);
        return [.. lines.Select(l => new HostInventoryItem(l.Kind, l.Name, l.Owner, l.Orphaned))];
    }
}
