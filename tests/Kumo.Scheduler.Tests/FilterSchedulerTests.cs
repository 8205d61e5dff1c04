using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Tests.Support;

namespace Kumo.Scheduler.Tests;

public sealed class FilterSchedulerTests
{
    [Fact]
    public async Task The_host_with_most_free_resources_wins_and_the_allocation_is_written_with_the_host_limits()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        await world.AddHostAsync("small", memoryMb: 2048);
        await world.AddHostAsync("big", memoryMb: 8192, reservedMemoryMb: 1024);
        var uuid = Guid.NewGuid();

        var selection = Assert.Single(await world.NewScheduler().Scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), [uuid]));

        Assert.Equal(("big", "big"), (selection.Host, selection.Node));
        Assert.Equal(new ResourceLimits(4, 7168, 100), selection.Limits);
        var held = await world.Stores.Placement.GetAllocationsAsync(uuid);
        Assert.Equal([(ResourceClasses.DiskGb, 1), (ResourceClasses.MemoryMb, 512), (ResourceClasses.Vcpu, 1)],
            held.OrderBy(a => a.ResourceClass, StringComparer.Ordinal).Select(a => (a.ResourceClass, a.Used)));
    }

    [Fact]
    public async Task A_negative_ram_multiplier_packs_instead_of_spreading()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        await world.AddHostAsync("small", memoryMb: 2048);
        await world.AddHostAsync("big", memoryMb: 8192);
        var packing = world.NewScheduler(new SchedulerOptions { RamWeightMultiplier = -1.0, CpuWeightMultiplier = 0, DiskWeightMultiplier = 0 });

        var selection = Assert.Single(await packing.Scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid()]));

        Assert.Equal("small", selection.Host);
    }

    [Fact]
    public async Task A_host_whose_heartbeat_is_older_than_service_down_time_is_not_chosen()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        await world.AddHostAsync("silent", memoryMb: 8192);
        await world.AddHostAsync("alive", memoryMb: 2048);
        world.Time.Advance(TimeSpan.FromSeconds(61));
        await world.HeartbeatAsync("alive");
        var scheduler = world.NewScheduler().Scheduler;

        var selection = Assert.Single(await scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid()]));
        Assert.Equal("alive", selection.Host);

        world.Time.Advance(TimeSpan.FromSeconds(61));
        var ex = await Assert.ThrowsAsync<NoValidHostException>(() => scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid()]));
        Assert.Contains("silent (ComputeFilter): nova-compute is down: last heartbeat 122 s ago (service_down_time 60 s)", ex.Message);
        Assert.Contains("alive (ComputeFilter): nova-compute is down: last heartbeat 61 s ago", ex.Message);
    }

    [Fact]
    public async Task Disabled_and_forced_down_services_get_no_builds()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        await world.AddHostAsync("h1");
        await world.AddHostAsync("h2");
        var h1 = await world.Stores.Services.TryGetAsync("h1", "nova-compute");
        var h2 = await world.Stores.Services.TryGetAsync("h2", "nova-compute");
        await world.Stores.Services.SetDisabledAsync(h1!.Id, true, "new disks");
        await world.Stores.Services.SetForcedDownAsync(h2!.Id, true);

        var ex = await Assert.ThrowsAsync<NoValidHostException>(() =>
            world.NewScheduler().Scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid()]));

        Assert.Contains("h1 (ComputeFilter): nova-compute is disabled (new disks)", ex.Message);
        Assert.Contains("h2 (ComputeFilter): nova-compute is forced down", ex.Message);
        Assert.Equal(500, ex.Code);
    }

    [Fact]
    public async Task No_valid_host_names_each_host_with_the_filter_that_removed_it_and_why()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        await world.AddHostAsync("elsewhere", zone: "az2");
        await world.AddHostAsync("full", memoryMb: 256);
        await world.AddHostAsync("arm", arch: "aarch64");
        await world.AddHostAsync("lxc", hypervisorType: "lxc");
        var image = new Dictionary<string, string> { ["hw_architecture"] = "x86_64", ["img_hv_type"] = "qemu" };

        var ex = await Assert.ThrowsAsync<NoValidHostException>(() =>
            world.NewScheduler().Scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(zone: "nova", imageProperties: image), [Guid.NewGuid()]));

        Assert.StartsWith("No valid host was found: no compute host passed the filters", ex.Message);
        Assert.Contains("elsewhere (AvailabilityZoneFilter): in zone az2, nova requested", ex.Message);
        Assert.Contains("full (ResourceFilter): 512 MB RAM requested, 256 MB available", ex.Message);
        Assert.Contains("arm (ImagePropertiesFilter): architecture aarch64, image needs x86_64", ex.Message);
        Assert.Contains("lxc (ImagePropertiesFilter): hypervisor type lxc, image needs qemu", ex.Message);
    }

    [Fact]
    public async Task Several_instances_are_placed_all_or_nothing()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        await world.AddHostAsync("h1", memoryMb: 1024);
        var scheduler = world.NewScheduler().Scheduler;
        var two = new[] { Guid.NewGuid(), Guid.NewGuid() };

        var selections = await scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), two);
        Assert.Equal(two, selections.Select(s => s.InstanceUuid));
        Assert.Equal(1024, await world.UsedAsync("h1", ResourceClasses.MemoryMb));

        var three = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        await world.Stores.Placement.ReleaseAsync(two[0]);
        var ex = await Assert.ThrowsAsync<NoValidHostException>(() => scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), three));
        Assert.Contains("every compute host is full", ex.Message);
        Assert.Empty(await world.Stores.Placement.GetAllocationsAsync(three[0]));
        Assert.Equal(512, await world.UsedAsync("h1", ResourceClasses.MemoryMb));
    }

    [Fact]
    public async Task A_long_list_of_rejections_is_cut_with_a_count_per_filter()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        for (var i = 0; i < 12; i++)
        {
            await world.AddHostAsync($"h{i:00}", memoryMb: 256);
        }
        var ex = await Assert.ThrowsAsync<NoValidHostException>(() =>
            world.NewScheduler().Scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid()]));
        Assert.Contains("h09 (ResourceFilter)", ex.Message);
        Assert.DoesNotContain("h10 (", ex.Message);
        Assert.EndsWith("and 2 more hosts (ResourceFilter 2)", ex.Message);
        Assert.Equal(12, ex.Rejections.Count);
    }

    [Fact]
    public async Task A_scheduler_sees_what_another_allocated_since_its_last_read_without_losing_a_race_for_it()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        await world.AddHostAsync("big", memoryMb: 1536);
        await world.AddHostAsync("small", memoryMb: 512);
        var byRam = new SchedulerOptions { CpuWeightMultiplier = 0, DiskWeightMultiplier = 0 };
        var first = world.NewScheduler(byRam).Scheduler;
        var second = world.NewScheduler(byRam).Scheduler;
        await second.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid()]); // big; its view is now cached

        // The other scheduler fills big: second's cached view still shows room there.
        Assert.Equal(["big", "big"], (await first.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid(), Guid.NewGuid()])).Select(s => s.Host));
        var next = Assert.Single(await second.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid()]));

        Assert.Equal("small", next.Host);
        Assert.Equal(0, second.GenerationConflicts);
    }
}
