using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Services;

namespace Kumo.Scheduler.Hosts;

/// <summary>Reads the candidates fresh for each decision: providers with their usage, joined with the compute services.</summary>
public sealed class HostManager(IPlacementStore placement, IServiceStore services)
{
    public async Task<List<HostState>> GetHostStatesAsync(CancellationToken cancellationToken = default)
    {
        var providers = await placement.ListProvidersAsync(cancellationToken);
        var computes = (await services.ListAsync(ServiceBinaries.Compute, cancellationToken)).ToDictionary(s => s.Host);
        return providers.Select(p => new HostState(p, computes.GetValueOrDefault(p.Host))).ToList();
    }

    /// <summary>The one provider again, after another writer changed it (a lost generation race).</summary>
    public async Task<HostState?> RefreshAsync(HostState stale, CancellationToken cancellationToken = default)
    {
        var provider = await placement.TryGetProviderAsync(stale.Node, cancellationToken);
        return provider is null ? null : stale with { Provider = provider };
    }
}
