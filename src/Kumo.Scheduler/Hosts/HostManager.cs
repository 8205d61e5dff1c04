using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Services;

namespace Kumo.Scheduler.Hosts;

/// <summary>
/// The scheduler's view of the candidates (Nova's HostManager): providers with their usage, joined
/// with the nova-compute services. Read in full at most every host_state_max_age; in between, each
/// decision reads only the providers changed since (their change sequence), and this scheduler's own
/// allocations are applied at once. A view that is still stale can never cause an overcommit: the
/// stale entry's generation is stale too, so an allocation against it is refused and re-read.
/// Not thread-safe: the scheduler makes one decision at a time.
/// </summary>
public sealed class HostManager(IPlacementStore placement, IServiceStore services, TimeProvider time, TimeSpan maxAge)
{
    private List<HostState> _hosts = [];
    private Dictionary<Guid, int> _index = [];
    private Dictionary<string, ServiceRecord> _computes = [];
    private DateTimeOffset? _readAt;
    private long _changeSeq;

    /// <summary>The candidates: read in full when older than the maximum age or when <paramref name="fresh"/>, else brought up to date.</summary>
    public async Task<IReadOnlyList<HostState>> GetHostStatesAsync(bool fresh, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (fresh || _readAt is not { } readAt || now - readAt >= maxAge)
        {
            var providers = await placement.ListProvidersAsync(cancellationToken);
            _computes = (await services.ListAsync(ServiceBinaries.Compute, cancellationToken)).ToDictionary(s => s.Host);
            _hosts = providers.Select(p => new HostState(p, _computes.GetValueOrDefault(p.Host))).ToList();
            _index = _hosts.Select((h, i) => (h.Provider.Uuid, i)).ToDictionary(x => x.Uuid, x => x.i);
            _changeSeq = providers.Count == 0 ? 0 : providers.Max(p => p.ChangeSeq);
            _readAt = now;
            return _hosts;
        }
        foreach (var provider in await placement.ListProvidersChangedSinceAsync(_changeSeq, cancellationToken))
        {
            Put(new HostState(provider, _computes.GetValueOrDefault(provider.Host)));
            _changeSeq = Math.Max(_changeSeq, provider.ChangeSeq);
        }
        return _hosts;
    }

    /// <summary>
    /// Our allocation on <paramref name="host"/> succeeded against its generation: it is now one
    /// generation on, with the usage added, exactly as the store has it.
    /// </summary>
    public void Consumed(HostState host, IReadOnlyDictionary<string, int> resources)
    {
        var inventories = host.Provider.Inventories.ToDictionary(i => i.Key,
            i => i.Value with { Used = i.Value.Used + resources.GetValueOrDefault(i.Key) });
        Put(host with { Provider = host.Provider with { Generation = host.Provider.Generation + 1, Inventories = inventories } });
    }

    /// <summary>Another writer moved the provider on (a lost generation race): read that one provider again.</summary>
    public async Task RefreshAsync(HostState stale, CancellationToken cancellationToken = default)
    {
        if (await placement.TryGetProviderAsync(stale.Node, cancellationToken) is { } provider)
        {
            Put(stale with { Provider = provider });
        }
    }

    /// <summary>A provider created since the last full read waits for the next one (it has no service record here yet).</summary>
    private void Put(HostState host)
    {
        if (_index.TryGetValue(host.Provider.Uuid, out var i))
        {
            _hosts[i] = host;
        }
    }
}
