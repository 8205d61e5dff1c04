using Kumo.Compute.Resources;
using Kumo.Db;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Objects.Scheduling;
using Kumo.Virt;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Resources;

public sealed class ResourceTrackerTests : IAsyncLifetime
{
    private KumoStores _stores = null!;

    public async Task InitializeAsync() => _stores = await KumoStores.OpenInMemoryAsync();

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private async Task<ResourceTracker> TrackerAsync(int vcpus = 4, int memoryMb = 8192, int diskGb = 100, Action<ComputeOptions>? configure = null)
    {
        var options = new ComputeOptions { Host = "h1" };
        configure?.Invoke(options);
        var driver = new FakeDriver(new FakeDriverBehaviour { Resources = new HostResources("h1", "n1", vcpus, memoryMb, diskGb, "fake", 1) });
        var tracker = new ResourceTracker(options, driver, _stores.ComputeNodes, _stores.Placement, _stores.Instances, TimeProvider.System);
        await tracker.UpdateAvailableResourceAsync();
        return tracker;
    }

    private static Instance NewInstance(int vcpus = 1, int memoryMb = 1024, int rootGb = 10) => new()
    {
        Uuid = Guid.NewGuid(),
        DisplayName = "i",
        Hostname = "i",
        ProjectId = "p",
        UserId = "u",
        ImageRef = Guid.NewGuid(),
        Flavor = new Flavor { Id = "f", Name = "f", Vcpus = vcpus, MemoryMb = memoryMb, RootGb = rootGb },
    };

    [Fact]
    public async Task Reserved_host_memory_counts_as_used_from_the_start()
    {
        var tracker = await TrackerAsync(configure: o => o.ReservedHostMemoryMb = 512);
        Assert.Equal(512, tracker.GetUsage().MemoryMbUsed);
    }

    [Fact]
    public async Task A_claim_sets_host_and_node_and_counts_usage_then_abort_gives_it_back()
    {
        var tracker = await TrackerAsync();
        var before = tracker.GetUsage();
        var instance = NewInstance(vcpus: 2, memoryMb: 2048, rootGb: 20);

        var claim = await tracker.InstanceClaimAsync(instance, limits: null);

        Assert.Equal(("h1", "n1"), (instance.Host, instance.Node));
        var during = tracker.GetUsage();
        Assert.Equal((before.VcpusUsed + 2, before.MemoryMbUsed + 2048, before.LocalGbUsed + 20), (during.VcpusUsed, during.MemoryMbUsed, during.LocalGbUsed));
        var node = Assert.Single(await _stores.ComputeNodes.ListAsync());
        Assert.Equal(during.MemoryMbUsed, node.MemoryMbUsed);

        await claim.AbortAsync();
        await claim.AbortAsync(); // idempotent
        Assert.Equal(before, tracker.GetUsage());
    }

    [Fact]
    public async Task The_cpu_allocation_ratio_lets_vcpus_be_overcommitted_up_to_the_limit()
    {
        var tracker = await TrackerAsync(vcpus: 2, configure: o => { o.CpuAllocationRatio = 4.0; o.ReservedHostMemoryMb = 0; });
        for (var i = 0; i < 8; i++)
        {
            await tracker.InstanceClaimAsync(NewInstance(vcpus: 1, memoryMb: 64, rootGb: 1), null);
        }
        var ex = await Assert.ThrowsAsync<ComputeResourcesUnavailableException>(() => tracker.InstanceClaimAsync(NewInstance(vcpus: 1, memoryMb: 64, rootGb: 1), null));
        Assert.Contains("free vcpus 0 VCPU < requested 1 VCPU", ex.Message);
    }

    [Fact]
    public async Task The_scheduler_limits_win_over_the_host_own_and_a_refused_claim_changes_nothing()
    {
        var tracker = await TrackerAsync(memoryMb: 8192, configure: o => o.ReservedHostMemoryMb = 0);
        var before = tracker.GetUsage();
        var instance = NewInstance(memoryMb: 3000);

        var ex = await Assert.ThrowsAsync<ComputeResourcesUnavailableException>(() =>
            tracker.InstanceClaimAsync(instance, new ResourceLimits(Vcpus: null, MemoryMb: 2048, DiskGb: null)));

        Assert.Contains("free memory 2048 MB < requested 3000 MB", ex.Message);
        Assert.Equal(before, tracker.GetUsage());
        Assert.Null(instance.Host);
    }

    [Fact]
    public async Task Disk_is_checked_against_root_plus_ephemeral()
    {
        var tracker = await TrackerAsync(diskGb: 30);
        var instance = NewInstance(rootGb: 20);
        instance.Flavor = instance.Flavor with { EphemeralGb = 15 };
        var ex = await Assert.ThrowsAsync<ComputeResourcesUnavailableException>(() => tracker.InstanceClaimAsync(instance, null));
        Assert.Contains("requested 35 GB", ex.Message);
    }

    [Fact]
    public async Task Concurrent_claims_never_admit_more_than_fits()
    {
        var tracker = await TrackerAsync(vcpus: 100, memoryMb: 10 * 1024, configure: o => o.ReservedHostMemoryMb = 0);
        // Fifty claims released together on their own threads: really concurrent, not one after another.
        using var start = new Barrier(50);
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Factory.StartNew(async () =>
        {
            start.SignalAndWait();
            try
            {
                await tracker.InstanceClaimAsync(NewInstance(memoryMb: 1024, rootGb: 1), null);
                return true;
            }
            catch (ComputeResourcesUnavailableException)
            {
                return false;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));
        Assert.Equal(10, results.Count(r => r));
        Assert.Equal(10 * 1024, tracker.GetUsage().MemoryMbUsed);
    }

    [Fact]
    public async Task Regression_a_queued_build_counted_by_a_recount_was_counted_twice_at_its_claim()
    {
        var tracker = await TrackerAsync(memoryMb: 2048, configure: o => o.ReservedHostMemoryMb = 0);
        // The API names the host in the record before the build claims, so a recount already holds it.
        var queued = NewInstance(memoryMb: 1024);
        queued.Host = "h1";
        var other = NewInstance(memoryMb: 1024);
        other.Host = "h1";
        await _stores.Instances.CreateAsync(queued);
        await _stores.Instances.CreateAsync(other);
        await tracker.UpdateAvailableResourceAsync();
        Assert.Equal(2048, tracker.GetUsage().MemoryMbUsed);

        await tracker.InstanceClaimAsync(queued, limits: null);

        Assert.Equal(2048, tracker.GetUsage().MemoryMbUsed);
    }
}
