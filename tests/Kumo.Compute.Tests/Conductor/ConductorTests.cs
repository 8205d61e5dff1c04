using Kumo.Compute.Tests.Support;
using Kumo.Conductor;
using Kumo.Objects.Actions;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Scheduling;
using Kumo.Objects.Services;
using Kumo.Virt;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Conductor;

/// <summary>The build as the API, conductor, scheduler and compute host share it over the bus, and what each leaves allocated.</summary>
public sealed class ConductorTests
{
    [Fact]
    public async Task The_conductor_records_the_scheduler_selection_and_the_allocation_holds_the_flavor()
    {
        await using var fake = await FakeCloud.StartAsync();

        var instance = await fake.BootAsync();

        Assert.Equal(VmState.Active, instance.VmState);
        Assert.Equal(("compute-1", "fake-node"), (instance.Host, instance.Node));
        var provider = await fake.Cloud.Stores.Placement.TryGetProviderAsync("fake-node");
        var held = await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid);
        Assert.All(held, a => Assert.Equal(provider!.Uuid, a.ResourceProviderUuid));
        Assert.Equal(512, Assert.Single(held, a => a.ResourceClass == ResourceClasses.MemoryMb).Used);
        var action = Assert.Single(await fake.Cloud.Stores.InstanceActions.ListAsync(instance.Uuid));
        Assert.Equal(ActionNames.ResultSuccess, Assert.Single(action.Events, e => e.Event == ConductorManager.ScheduleEvent).Result);
    }

    [Fact]
    public async Task The_compute_host_reports_its_inventory_and_every_unit_registers_its_service()
    {
        await using var fake = await FakeCloud.StartAsync(new FakeDriverBehaviour { Resources = new HostResources("h", "node-a", 8, 16384, 200, "QEMU", 1) });

        var provider = await fake.Cloud.Stores.Placement.TryGetProviderAsync("node-a");

        Assert.Equal(("compute-1", "QEMU"), (provider!.Host, provider.HypervisorType));
        Assert.Equal(new Kumo.Db.Stores.Placement.InventoryRecord(ResourceClasses.MemoryMb, 16384, 512, 1.0), provider.Inventories[ResourceClasses.MemoryMb]);
        Assert.Equal(32, provider.Inventories[ResourceClasses.Vcpu].Capacity); // cpu_allocation_ratio 4.0
        var services = await fake.Cloud.Stores.Services.ListAsync();
        Assert.Equal(
            [(ServiceBinaries.Scheduler, "internal"), (ServiceBinaries.Conductor, "internal"), (ServiceBinaries.Compute, "nova")],
            services.Select(s => (s.Binary, s.AvailabilityZone)));
        Assert.All(services, s => Assert.Equal("compute-1", s.Host));
    }

    [Fact]
    public async Task A_failed_build_releases_its_allocation()
    {
        var behaviour = new FakeDriverBehaviour { SpawnFailure = _ => new KumoException("spawn failed on purpose") };
        await using var fake = await FakeCloud.StartAsync(behaviour);

        var instance = await fake.BootAsync();

        Assert.Equal(VmState.Error, instance.VmState);
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
        var provider = await fake.Cloud.Stores.Placement.TryGetProviderAsync("fake-node");
        Assert.All(provider!.Inventories.Values, i => Assert.Equal(0, i.Used));
    }

    [Fact]
    public async Task Deleting_a_server_releases_its_allocation()
    {
        await using var fake = await FakeCloud.StartAsync();
        var instance = await fake.BootAsync();
        Assert.NotEmpty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));

        await fake.DeleteAndWaitAsync(instance.Uuid);

        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
    }

    [Fact]
    public async Task The_api_delete_of_a_server_that_never_reached_a_host_releases_what_was_allocated_for_it()
    {
        await using var fake = await FakeCloud.StartAsync();
        // As the API records it, and as the scheduler's allocation stands before the conductor names the host.
        var instance = new Instance
        {
            Uuid = Guid.NewGuid(), DisplayName = "s", Hostname = "s", ProjectId = "project-1", UserId = "user-1",
            ImageRef = fake.Image.Id, Flavor = (await fake.Cloud.Stores.Flavors.GetAsync("1")),
        };
        await fake.Cloud.Stores.Instances.CreateAsync(instance);
        var provider = await fake.Cloud.Stores.Placement.TryGetProviderAsync("fake-node");
        Assert.True(await fake.Cloud.Stores.Placement.TryAllocateAsync(instance.Uuid, provider!.Uuid, provider.Generation, ResourceClasses.FromFlavor(instance.Flavor)));

        await fake.Cloud.Api.DeleteAsync(fake.NewRequest(), instance.Uuid);

        Assert.Null(await fake.Cloud.Stores.Instances.TryGetAsync(instance.Uuid));
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
    }

    [Fact]
    public async Task No_valid_host_leaves_the_fault_naming_filter_and_host_the_event_then_error_and_nothing_allocated()
    {
        var small = new FakeDriverBehaviour { Resources = new HostResources("h", "small-node", 2, 1024, 100, "fake", 1) };
        await using var fake = await FakeCloud.StartAsync(small);
        await fake.BootAsync("first");

        var second = await fake.BootAsync("second");

        Assert.Equal(VmState.Error, second.VmState);
        Assert.Null(second.Host);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(second.Uuid);
        Assert.Equal("No valid host was found: every compute host is full: compute-1 (ResourceFilter): 512 MB RAM requested, 0 MB available", fault!.Message);
        var action = Assert.Single(await fake.Cloud.Stores.InstanceActions.ListAsync(second.Uuid));
        var scheduleEvent = Assert.Single(action.Events);
        Assert.Equal((ConductorManager.ScheduleEvent, ActionNames.ResultError), (scheduleEvent.Event, scheduleEvent.Result));
        Assert.True(fault.CreatedAt <= second.UpdatedAt, "the fault must be written before ERROR");
        Assert.Equal(ActionNames.ResultError, action.Message);
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(second.Uuid));
    }

    [Fact]
    public async Task A_compute_service_gone_silent_gets_no_build_and_the_fault_says_so()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fake = await FakeCloud.StartAsync(time: time);
        // The heartbeat runs on this clock too: stop it by forcing the service down, as an operator would for a dead host.
        var compute = await fake.Cloud.Stores.Services.TryGetAsync("compute-1", ServiceBinaries.Compute);
        await fake.Cloud.Stores.Services.SetForcedDownAsync(compute!.Id, true);

        var instance = await fake.BootAsync();

        Assert.Equal(VmState.Error, instance.VmState);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Contains("compute-1 (ComputeFilter): nova-compute is forced down", fault!.Message);
    }

    [Fact]
    public async Task Each_unit_reports_its_heartbeat_every_report_interval()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fake = await FakeCloud.StartAsync(time: time);
        var registered = await fake.Cloud.Stores.Services.TryGetAsync("compute-1", ServiceBinaries.Compute);
        Assert.Equal(1, registered!.ReportCount);

        time.Advance(TimeSpan.FromSeconds(10)); // report_interval
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Kumo.Objects.Services.ServiceRecord? now;
        while ((now = await fake.Cloud.Stores.Services.TryGetAsync("compute-1", ServiceBinaries.Compute))!.ReportCount < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, now.ReportCount);
        Assert.Equal(registered.UpdatedAt.AddSeconds(10), now.UpdatedAt);
    }
}
