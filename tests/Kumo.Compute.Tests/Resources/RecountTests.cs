using Kumo.Compute.Resources;
using Kumo.Db;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Virt;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Resources;

/// <summary>
/// The periodic recount reads instance records, which lag the tracker by a save: what the tracker has
/// given back (an aborted, refused or deleted claim) must not come back with a recount in that window.
/// </summary>
public sealed class RecountTests : IAsyncLifetime
{
    private KumoStores _stores = null!;

    public async Task InitializeAsync() => _stores = await KumoStores.OpenInMemoryAsync();

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private async Task<ResourceTracker> TrackerAsync()
    {
        var driver = new FakeDriver(new FakeDriverBehaviour { Resources = new HostResources("h1", "n1", 4, 8192, 100, "fake", 1) });
        var tracker = new ResourceTracker(new ComputeOptions { Host = "h1" }, driver, _stores.ComputeNodes, _stores.Placement, _stores.Instances, TimeProvider.System);
        await tracker.UpdateAvailableResourceAsync();
        return tracker;
    }

    /// <summary>An instance as the conductor leaves it: building/scheduling, its record already naming host h1.</summary>
    private async Task<Instance> BuildingOnHostAsync()
    {
        var instance = new Instance
        {
            Uuid = Guid.NewGuid(), DisplayName = "i", Hostname = "i", ProjectId = "p", UserId = "u", ImageRef = Guid.NewGuid(), Host = "h1",
            Flavor = new Flavor { Id = "f", Name = "f", Vcpus = 1, MemoryMb = 1024, RootGb = 10 },
        };
        await _stores.Instances.CreateAsync(instance);
        return instance;
    }

    [Fact]
    public async Task An_aborted_claim_is_not_counted_again_by_a_recount_before_the_error_is_saved()
    {
        var tracker = await TrackerAsync();
        var before = tracker.GetUsage();
        var instance = await BuildingOnHostAsync();
        var claim = await tracker.InstanceClaimAsync(instance, limits: null);

        await claim.AbortAsync();
        await tracker.UpdateAvailableResourceAsync();

        Assert.Equal(before, tracker.GetUsage());
    }

    [Fact]
    public async Task A_refused_claim_is_not_counted_by_a_recount_that_ran_before_it_nor_by_one_after()
    {
        var tracker = await TrackerAsync();
        var before = tracker.GetUsage();
        var instance = await BuildingOnHostAsync();
        await tracker.UpdateAvailableResourceAsync(); // counts the building instance, as Nova does

        await Assert.ThrowsAsync<ComputeResourcesUnavailableException>(() =>
            tracker.InstanceClaimAsync(instance, new Kumo.Objects.Scheduling.ResourceLimits(Vcpus: null, MemoryMb: 512, DiskGb: null)));
        Assert.Equal(before, tracker.GetUsage());
        await tracker.UpdateAvailableResourceAsync();

        Assert.Equal(before, tracker.GetUsage());
    }

    [Fact]
    public async Task A_dropped_instance_whose_record_still_says_deleting_is_not_counted_again()
    {
        var tracker = await TrackerAsync();
        var before = tracker.GetUsage();
        var instance = await BuildingOnHostAsync();
        await tracker.InstanceClaimAsync(instance, limits: null);
        await _stores.Instances.SetTaskStateAsync(instance.Uuid, TaskState.Deleting, TaskStates.AnyButDeleting);

        await tracker.DropInstanceUsageAsync(instance);
        await tracker.UpdateAvailableResourceAsync();

        Assert.Equal(before, tracker.GetUsage());
    }

    [Fact]
    public async Task A_record_marked_deleted_but_not_yet_destroyed_holds_nothing()
    {
        var tracker = await TrackerAsync();
        var before = tracker.GetUsage();
        var instance = await BuildingOnHostAsync();
        instance.VmState = VmState.Deleted;
        instance.LaunchedAt = DateTimeOffset.UtcNow;
        await _stores.Instances.SaveAsync(instance);

        await tracker.UpdateAvailableResourceAsync();

        Assert.Equal(before, tracker.GetUsage());
    }

    [Fact]
    public async Task An_instance_claimed_again_after_an_abort_is_counted()
    {
        var tracker = await TrackerAsync();
        var before = tracker.GetUsage();
        var instance = await BuildingOnHostAsync();
        await (await tracker.InstanceClaimAsync(instance, limits: null)).AbortAsync();

        await tracker.InstanceClaimAsync(instance, limits: null);
        await tracker.UpdateAvailableResourceAsync();

        Assert.Equal(before.Instances + 1, tracker.GetUsage().Instances);
    }
}
