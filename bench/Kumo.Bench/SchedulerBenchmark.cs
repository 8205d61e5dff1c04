using System.Diagnostics;
using Dapper;
using Kumo.Db;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Flavors;
using Kumo.Objects.Scheduling;
using Kumo.Objects.Services;
using Kumo.Scheduler;
using Spectre.Console;

namespace Kumo.Bench;

/// <summary>
/// Scheduling alone: many fake compute nodes in a SQLite file, two schedulers over it placing
/// concurrently until the cloud is exactly full. Overcommit is counted from the allocation rows
/// themselves (not the usage column the scheduler maintains), so it checks the generation logic.
/// </summary>
internal static class SchedulerBenchmark
{
    private const int SlotsPerHost = 10;
    private const int Schedulers = 2;

    private static readonly Flavor Tiny = new() { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 };

    private const string OvercommitSql = """
        SELECT COUNT(*) FROM (
            SELECT a.resource_provider_uuid, a.resource_class, SUM(a.used) AS used
            FROM allocations a GROUP BY a.resource_provider_uuid, a.resource_class) u
        JOIN inventories i ON i.resource_provider_uuid = u.resource_provider_uuid AND i.resource_class = u.resource_class
        WHERE u.used > (i.total - i.reserved) * i.allocation_ratio
        """;

    public static async Task RunAsync(int hosts, int placements, int subsetSize, Figures figures, CancellationToken cancellationToken)
    {
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(stateDir);
        AnsiConsole.MarkupLineInterpolated($"[bold]scheduler[/]: {placements} placements onto {hosts} fake hosts from {Schedulers} concurrent schedulers (host_subset_size {subsetSize}); state in {stateDir}");
        try
        {
            await using var stores = await KumoStores.OpenSqliteAsync(Path.Combine(stateDir, "kumo.db"), cancellationToken: cancellationToken);
            await AddHostsAsync(stores, hosts, cancellationToken);
            // The run must not outlast the heartbeats nobody sends here.
            var serviceGroup = new ServiceGroupOptions { ServiceDownTime = TimeSpan.FromDays(1) };
            var schedulers = Enumerable.Range(0, Schedulers)
                .Select(_ => new SchedulerManager(stores.Placement, stores.Services, new SchedulerOptions { HostSubsetSize = subsetSize }, serviceGroup, TimeProvider.System))
                .ToList();

            var latencies = new List<double>[Schedulers];
            var noValidHost = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(schedulers.Select((scheduler, index) => Task.Run(async () =>
            {
                latencies[index] = [];
                for (var i = index; i < placements; i += Schedulers)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await scheduler.Scheduler.SelectDestinationsAsync(new RequestSpec("bench", Tiny, new Dictionary<string, string>()), [Guid.NewGuid()], cancellationToken);
                    }
                    catch (NoValidHostException)
                    {
                        Interlocked.Increment(ref noValidHost);
                    }
                    latencies[index].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }, cancellationToken)));
            var elapsed = clock.Elapsed;

            var overcommitted = await stores.Database.ReadAsync(c => c.ExecuteScalarAsync<long>(OvercommitSql), cancellationToken);
            var all = latencies.SelectMany(l => l).ToList();
            figures.Add("scheduler.decisions_per_s", placements / elapsed.TotalSeconds, 0);
            figures.Add("scheduler.decision_p50_ms", Stats.Median(all), 2);
            figures.Add("scheduler.decision_p99_ms", Stats.Percentile(all, 99), 2);
            figures.Add("scheduler.generation_conflicts", schedulers.Sum(s => s.Scheduler.GenerationConflicts));
            figures.Add("scheduler.no_valid_host", noValidHost);
            figures.Add("scheduler.overcommitted", overcommitted);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    /// <summary>Hosts with room for exactly <see cref="SlotsPerHost"/> tiny servers each (memory is the bound), heartbeats current.</summary>
    private static async Task AddHostsAsync(KumoStores stores, int hosts, CancellationToken cancellationToken)
    {
        for (var i = 0; i < hosts; i++)
        {
            var name = $"fake-{i:0000}";
            await stores.Placement.ReportInventoryAsync(new ProviderReport(name, name, "fake", "x86_64",
            [
                new InventoryRecord(ResourceClasses.Vcpu, 16, 0, 4.0),
                new InventoryRecord(ResourceClasses.MemoryMb, SlotsPerHost * 512 + 512, 512, 1.0),
                new InventoryRecord(ResourceClasses.DiskGb, 100, 0, 1.0),
            ]), cancellationToken);
            await stores.Services.ReportAsync(name, ServiceBinaries.Compute, "compute", "nova", cancellationToken);
        }
    }
}
