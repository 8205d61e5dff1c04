using Kumo.Db.Stores.Placement;
using Kumo.Objects.Errors;
using Kumo.Objects.Scheduling;
using Kumo.Objects.Services;
using Kumo.Scheduler.Filters;
using Kumo.Scheduler.Hosts;
using Kumo.Scheduler.Rpc;
using Kumo.Scheduler.Weighers;

namespace Kumo.Scheduler;

/// <summary>
/// Nova's filter scheduler over Placement-style allocations: read the candidates, filter, weigh,
/// and claim the best by writing its allocation against the generation read. A lost race (another
/// scheduler wrote the provider meanwhile) re-reads that provider and decides again, so two
/// schedulers never both take the last slot.
/// </summary>
public sealed class FilterScheduler
{
    private readonly IPlacementStore _placement;
    private readonly HostManager _hosts;
    private readonly SchedulerOptions _options;
    private readonly IReadOnlyList<IHostFilter> _filters;
    private readonly IReadOnlyList<IHostWeigher> _weighers;
    private long _generationConflicts;

    public FilterScheduler(IPlacementStore placement, HostManager hosts, SchedulerOptions options, ServiceGroupOptions serviceGroup, TimeProvider time)
    {
        _placement = placement;
        _hosts = hosts;
        _options = options;
        _filters = [new ComputeFilter(time, serviceGroup), new AvailabilityZoneFilter(), new ResourceFilter(), new ImagePropertiesFilter()];
        _weighers = [new RamWeigher(options.RamWeightMultiplier), new CpuWeigher(options.CpuWeightMultiplier), new DiskWeigher(options.DiskWeightMultiplier)];
    }

    /// <summary>Allocation writes refused because another writer had moved the provider's generation on (each one retried).</summary>
    public long GenerationConflicts => Interlocked.Read(ref _generationConflicts);

    /// <summary>
    /// One selection per instance, each holding its allocation; all or nothing: when one instance
    /// finds no host, what the others were given is released and NoValidHostException says why.
    /// </summary>
    public async Task<IReadOnlyList<Selection>> SelectDestinationsAsync(RequestSpec spec, IReadOnlyList<Guid> instanceUuids,
        CancellationToken cancellationToken = default)
    {
        var selections = new List<Selection>(instanceUuids.Count);
        try
        {
            var hosts = await _hosts.GetHostStatesAsync(cancellationToken);
            foreach (var uuid in instanceUuids)
            {
                selections.Add(await PlaceAsync(uuid, spec, hosts, cancellationToken));
            }
            return selections;
        }
        catch
        {
            foreach (var placed in selections)
            {
                await _placement.ReleaseAsync(placed.InstanceUuid, CancellationToken.None);
            }
            throw;
        }
    }

    private async Task<Selection> PlaceAsync(Guid instanceUuid, RequestSpec spec, List<HostState> hosts, CancellationToken cancellationToken)
    {
        var resources = ResourceClasses.FromFlavor(spec.Flavor);
        for (var conflicts = 0; ; conflicts++)
        {
            var passed = Filter(hosts, spec, out var rejections);
            if (passed.Count == 0)
            {
                throw new NoValidHostException(rejections, neverFits: false);
            }
            var best = HostWeighing.Best(passed, _weighers, spec);
            var index = IndexOf(hosts, best);
            if (await _placement.TryAllocateAsync(instanceUuid, best.Provider.Uuid, best.Provider.Generation, resources, cancellationToken))
            {
                // What this decision took stays visible to the next instance of the same request.
                hosts[index] = await _hosts.RefreshAsync(best, cancellationToken) ?? best;
                return new Selection(instanceUuid, best.Host, best.Node, best.Provider.Uuid, LimitsOf(best));
            }
            Interlocked.Increment(ref _generationConflicts);
            if (conflicts >= _options.MaxGenerationConflicts)
            {
                throw new KumoException($"Gave up placing instance {instanceUuid} after {conflicts + 1} generation conflicts on the resource providers: too many concurrent writers.");
            }
            var fresh = await _hosts.RefreshAsync(best, cancellationToken);
            if (fresh is null)
            {
                hosts.RemoveAt(index);
            }
            else
            {
                hosts[index] = fresh;
            }
        }
    }

    private List<HostState> Filter(List<HostState> hosts, RequestSpec spec, out List<HostRejection> rejections)
    {
        var passed = new List<HostState>(hosts.Count);
        rejections = [];
        foreach (var host in hosts)
        {
            var rejection = Reject(host, spec);
            if (rejection is null)
            {
                passed.Add(host);
            }
            else
            {
                rejections.Add(rejection);
            }
        }
        return passed;
    }

    private HostRejection? Reject(HostState host, RequestSpec spec)
    {
        foreach (var filter in _filters)
        {
            if (filter.Reject(host, spec) is { } reason)
            {
                return new HostRejection(host.Host, filter.Name, reason);
            }
        }
        return null;
    }

    private static int IndexOf(List<HostState> hosts, HostState host)
    {
        for (var i = 0; i < hosts.Count; i++)
        {
            if (ReferenceEquals(hosts[i], host))
            {
                return i;
            }
        }
        throw new InvalidOperationException($"Host {host.Node} is not among the candidates it was chosen from.");
    }

    /// <summary>The capacities the claim on the host enforces: the same formula as the filter's.</summary>
    private static ResourceLimits LimitsOf(HostState host) => new(
        host.Capacity(ResourceClasses.Vcpu), host.Capacity(ResourceClasses.MemoryMb), host.Capacity(ResourceClasses.DiskGb));
}
