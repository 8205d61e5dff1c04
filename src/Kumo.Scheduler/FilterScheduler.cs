using Kumo.Db.Stores;
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
/// Nova's filter scheduler over Placement-style allocations: filter the candidates, weigh, and
/// claim the best by writing its allocation against the generation read. A lost race (another
/// scheduler wrote the provider meanwhile) re-reads that provider and decides again, so two
/// schedulers never both take the last slot. One decision at a time per scheduler, as Nova's.
/// </summary>
public sealed class FilterScheduler
{
    private readonly IPlacementStore _placement;
    private readonly HostManager _hosts;
    private readonly SchedulerOptions _options;
    private readonly IReadOnlyList<IHostFilter> _filters;
    private readonly IReadOnlyList<IHostWeigher> _weighers;
    private const int ConflictsBeforeFullRead = 3;

    private readonly SemaphoreSlim _decide = new(1, 1);
    private long _generationConflicts;

    public FilterScheduler(IPlacementStore placement, IServiceStore services, SchedulerOptions options, ServiceGroupOptions serviceGroup, TimeProvider time)
    {
        _placement = placement;
        _hosts = new HostManager(placement, services, time, options.HostStateMaxAge);
        _options = options;
        _filters = [new RetryFilter(), new ComputeFilter(time, serviceGroup), new AvailabilityZoneFilter(), new ResourceFilter(), new ImagePropertiesFilter()];
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
        await _decide.WaitAsync(cancellationToken);
        var selections = new List<Selection>(instanceUuids.Count);
        try
        {
            foreach (var uuid in instanceUuids)
            {
                selections.Add(await PlaceAsync(uuid, spec, cancellationToken));
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
        finally
        {
            _decide.Release();
        }
    }

    private async Task<Selection> PlaceAsync(Guid instanceUuid, RequestSpec spec, CancellationToken cancellationToken)
    {
        var resources = ResourceClasses.FromFlavor(spec.Flavor);
        var readAll = false;
        for (var conflicts = 0; ;)
        {
            var freshView = readAll;
            var passed = Filter(await _hosts.GetHostStatesAsync(readAll, cancellationToken), spec, out var rejections);
            readAll = false;
            if (passed.Count == 0)
            {
                if (freshView)
                {
                    throw new NoValidHostException(rejections, neverFits: false);
                }
                readAll = true; // what others released since the last read may fit: refuse only on a fresh view
                continue;
            }
            var best = HostWeighing.Choose(passed, _weighers, spec, _options.HostSubsetSize);
            if (await _placement.TryAllocateAsync(instanceUuid, best.Provider.Uuid, best.Provider.Generation, resources, cancellationToken))
            {
                _hosts.Consumed(best, resources);
                return new Selection(instanceUuid, best.Host, best.Node, best.Provider.Uuid, LimitsOf(best));
            }
            Interlocked.Increment(ref _generationConflicts);
            if (++conflicts > _options.MaxGenerationConflicts)
            {
                throw new KumoException($"Gave up placing instance {instanceUuid} after {conflicts} generation conflicts on the resource providers: too many concurrent writers.");
            }
            // One stale provider is re-read alone; several in a row mean the view as a whole has aged
            // (another scheduler spreads over it, and stale entries look emptier, so they win the
            // weighing): then read everything again.
            if (conflicts % ConflictsBeforeFullRead == 0)
            {
                readAll = true;
            }
            else
            {
                await _hosts.RefreshAsync(best, cancellationToken);
            }
        }
    }

    private List<HostState> Filter(IReadOnlyList<HostState> hosts, RequestSpec spec, out List<HostRejection> rejections)
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

    /// <summary>The capacities the claim on the host enforces: the same formula as the filter's.</summary>
    private static ResourceLimits LimitsOf(HostState host) => new(
        host.Capacity(ResourceClasses.Vcpu), host.Capacity(ResourceClasses.MemoryMb), host.Capacity(ResourceClasses.DiskGb));
}
