using Kumo.Db;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Flavors;
using Kumo.Objects.Scheduling;
using Kumo.Objects.Services;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Scheduler.Tests.Support;

/// <summary>A store with compute nodes as their trackers and heartbeats would leave them, on a fake clock, and schedulers over it.</summary>
public sealed class SchedulerWorld : IAsyncDisposable
{
    private readonly string? _directory;

    private SchedulerWorld(KumoStores stores, FakeTimeProvider time, string? directory)
    {
        Stores = stores;
        Time = time;
        _directory = directory;
    }

    public KumoStores Stores { get; }

    public FakeTimeProvider Time { get; }

    public ServiceGroupOptions ServiceGroup { get; } = new();

    public static Flavor Tiny { get; } = new() { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 };

    /// <summary>A file database lets reads run truly concurrently (the in-memory one shares one connection).</summary>
    public static async Task<SchedulerWorld> OpenAsync(bool onFile = false)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        if (!onFile)
        {
            return new SchedulerWorld(await KumoStores.OpenInMemoryAsync(time), time, null);
        }
        var directory = Path.Combine(Path.GetTempPath(), "kumo-scheduler-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new SchedulerWorld(await KumoStores.OpenSqliteAsync(Path.Combine(directory, "kumo.db"), time), time, directory);
    }

    public SchedulerManager NewScheduler(SchedulerOptions? options = null) =>
        new(Stores.Placement, Stores.Services, options ?? new SchedulerOptions(), ServiceGroup, Time);

    /// <summary>A compute node that reported its inventory and whose nova-compute heartbeat is current.</summary>
    public async Task<ResourceProviderRecord> AddHostAsync(string host, int vcpus = 4, int memoryMb = 4096, int diskGb = 100,
        int reservedMemoryMb = 0, string zone = "nova", string hypervisorType = "QEMU", string arch = "x86_64")
    {
        var provider = await Stores.Placement.ReportInventoryAsync(new ProviderReport(host, host, hypervisorType, arch,
        [
            new InventoryRecord(ResourceClasses.Vcpu, vcpus, 0, 1.0),
            new InventoryRecord(ResourceClasses.MemoryMb, memoryMb, reservedMemoryMb, 1.0),
            new InventoryRecord(ResourceClasses.DiskGb, diskGb, 0, 1.0),
        ]));
        await HeartbeatAsync(host, zone);
        return provider;
    }

    public Task HeartbeatAsync(string host, string zone = "nova") =>
        Stores.Services.ReportAsync(host, ServiceBinaries.Compute, "compute", zone);

    public static RequestSpec Spec(Flavor? flavor = null, string? zone = null, IReadOnlyDictionary<string, string>? imageProperties = null) =>
        new("project-1", flavor ?? Tiny, imageProperties ?? new Dictionary<string, string>(), zone);

    public async Task<int> UsedAsync(string host, string resourceClass) =>
        (await Stores.Placement.TryGetProviderAsync(host))!.Inventories[resourceClass].Used;

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
