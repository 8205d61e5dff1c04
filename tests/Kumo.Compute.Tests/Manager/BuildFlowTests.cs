using Kumo.Compute.Manager;
using Kumo.Compute.Tests.Support;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Actions;
using Kumo.Db;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Objects.Notifications;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Manager;

public sealed class BuildFlowTests
{
    [Fact]
    public async Task A_server_boots_to_active_with_its_bookkeeping()
    {
        await using var fake = await FakeCloud.StartAsync();
        var before = fake.Cloud.ComputeManager.Tracker.GetUsage();

        var instance = await fake.BootAsync("web-1");

        Assert.Equal(VmState.Active, instance.VmState);
        Assert.Null(instance.TaskState);
        Assert.Equal(PowerState.Running, instance.PowerState);
        Assert.Equal("compute-1", instance.Host);
        Assert.Equal("fake-node", instance.Node);
        Assert.NotNull(instance.LaunchedAt);
        Assert.Equal("web-1", instance.Hostname);

        var usage = fake.Cloud.ComputeManager.Tracker.GetUsage();
        Assert.Equal(before.MemoryMbUsed + 512, usage.MemoryMbUsed);
        Assert.Equal(before.VcpusUsed + 1, usage.VcpusUsed);
        Assert.Equal(before.Instances + 1, usage.Instances);

        var action = Assert.Single(await fake.Cloud.Stores.InstanceActions.ListAsync(instance.Uuid));
        Assert.Equal(ActionNames.Create, action.Action);
        Assert.Null(action.Message);
        Assert.NotNull(action.FinishTime);
        var buildEvent = Assert.Single(action.Events, e => e.Event == ComputeManager.BuildEvent);
        Assert.Equal(ComputeManager.BuildEvent, buildEvent.Event);
        Assert.Equal(ActionNames.ResultSuccess, buildEvent.Result);
        Assert.Equal("compute-1", buildEvent.Host);

        var notifications = await fake.Cloud.Stores.Notifications.ListAsync("compute.instance.create", instance.Uuid);
        Assert.Equal(["compute.instance.create.start", "compute.instance.create.end"], notifications.Select(n => n.EventType));
        Assert.Equal("test-image", notifications[0].Payload["image_name"]!.GetValue<string>());
        Assert.NotNull(notifications[1].Payload["fixed_ips"]);
        Assert.Null(await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
    }

    [Fact]
    public async Task A_spawn_failure_leaves_error_with_fault_event_and_notification_and_nothing_held()
    {
        var behaviour = new FakeDriverBehaviour { SpawnFailure = _ => new KumoException("qemu could not open kernel file: Permission denied") };
        await using var fake = await FakeCloud.StartAsync(behaviour);
        var before = fake.Cloud.ComputeManager.Tracker.GetUsage();

        var instance = await fake.BootAsync();

        Assert.Equal(VmState.Error, instance.VmState);
        Assert.Null(instance.TaskState);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.NotNull(fault);
        Assert.Equal(500, fault.Code);
        Assert.Contains("Permission denied", fault.Message);
        Assert.Contains("FakeDriver", fault.Details);

        var action = Assert.Single(await fake.Cloud.Stores.InstanceActions.ListAsync(instance.Uuid));
        Assert.Equal(ActionNames.ResultError, action.Message);
        var buildEvent = Assert.Single(action.Events, e => e.Event == ComputeManager.BuildEvent);
        Assert.Equal(ActionNames.ResultError, buildEvent.Result);
        Assert.Contains("Permission denied", buildEvent.Traceback);

        var error = Assert.Single(await fake.Cloud.Stores.Notifications.ListAsync("compute.instance.create.error", instance.Uuid));
        Assert.Equal(NotificationPriority.Error, error.Priority);
        Assert.Contains("Permission denied", error.Payload["message"]!.GetValue<string>());
        Assert.Empty(await fake.Cloud.Stores.Notifications.ListAsync("compute.instance.create.end", instance.Uuid));

        Assert.Equal(before, fake.Cloud.ComputeManager.Tracker.GetUsage());
        Assert.Equal(0, fake.Driver.GuestCount);
    }

    [Fact]
    public async Task A_failed_build_can_be_deleted_and_leaves_nothing()
    {
        var behaviour = new FakeDriverBehaviour { SpawnFailure = _ => new KumoException("boom") };
        await using var fake = await FakeCloud.StartAsync(behaviour);
        var instance = await fake.BootAsync();

        await fake.DeleteAndWaitAsync(instance.Uuid);

        Assert.Null(await fake.Cloud.Stores.Instances.TryGetAsync(instance.Uuid));
        var deleted = await fake.Cloud.Stores.Instances.GetAsync(instance.Uuid, readDeleted: true);
        Assert.Equal(VmState.Deleted, deleted.VmState);
        Assert.True(deleted.Deleted);
    }

    [Fact]
    public async Task Builds_never_exceed_max_concurrent_builds()
    {
        var behaviour = new FakeDriverBehaviour { SpawnDelay = TimeSpan.FromMilliseconds(100) };
        await using var fake = await FakeCloud.StartAsync(behaviour, o => o.Compute.MaxConcurrentBuilds = 3);

        var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => fake.CreateAsync($"s{i}")));
        var settled = await Task.WhenAll(created.Select(c => fake.WaitSettledAsync(c.Uuid)));

        Assert.All(settled, s => Assert.Equal(VmState.Active, s.VmState));
        Assert.Equal(3, fake.Driver.PeakConcurrentSpawns);
    }

    [Fact]
    public async Task Delete_during_spawn_waits_for_the_instance_lock_and_leaves_no_error_and_nothing_behind()
    {
        var gate = new TaskCompletionSource();
        await using var fake = await FakeCloud.StartAsync(new FakeDriverBehaviour { SpawnGate = gate.Task });
        var before = fake.Cloud.ComputeManager.Tracker.GetUsage();
        var created = await fake.CreateAsync();
        await WaitForTaskStateAsync(fake, created.Uuid, TaskState.Spawning);

        await fake.Cloud.Api.DeleteAsync(fake.NewRequest(), created.Uuid);
        Assert.Equal(TaskState.Deleting, (await fake.Cloud.Stores.Instances.GetAsync(created.Uuid)).TaskState);
        gate.SetResult();
        await InstanceWaiter.WaitForDeletedAsync(fake.Cloud.Stores.Instances, created.Uuid, TimeSpan.FromSeconds(30));

        Assert.Null(await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(created.Uuid));
        Assert.Empty(await fake.Cloud.Stores.Notifications.ListAsync("compute.instance.create.error", created.Uuid));
        Assert.Single(await fake.Cloud.Stores.Notifications.ListAsync("compute.instance.delete.end", created.Uuid));
        Assert.Equal(0, fake.Driver.GuestCount);
        Assert.Equal(before, fake.Cloud.ComputeManager.Tracker.GetUsage());

        // The build's event finished before the delete's began: the lock kept them apart.
        var actions = await fake.Cloud.Stores.InstanceActions.ListAsync(created.Uuid);
        var build = actions.Single(a => a.Action == ActionNames.Create).Events.Single(e => e.Event == ComputeManager.BuildEvent);
        var terminate = actions.Single(a => a.Action == ActionNames.Delete).Events.Single();
        Assert.True(build.FinishTime <= terminate.StartTime);
    }

    [Fact]
    public async Task Deleting_an_active_server_frees_its_claim_and_guest()
    {
        await using var fake = await FakeCloud.StartAsync();
        var before = fake.Cloud.ComputeManager.Tracker.GetUsage();
        var instance = await fake.BootAsync();

        await fake.DeleteAndWaitAsync(instance.Uuid);

        Assert.Equal(0, fake.Driver.GuestCount);
        Assert.Equal(before, fake.Cloud.ComputeManager.Tracker.GetUsage());
        var notifications = await fake.Cloud.Stores.Notifications.ListAsync("compute.instance.delete", instance.Uuid);
        Assert.Equal(["compute.instance.delete.start", "compute.instance.delete.end"], notifications.Select(n => n.EventType));
    }

    [Fact]
    public async Task A_compute_restart_turns_an_interrupted_build_into_error_with_a_fault_that_says_so_and_removes_its_guest()
    {
        // What a compute killed mid-spawn leaves: a guest on the hypervisor, and a record building/spawning.
        var driver = new FakeDriver();
        await using var first = await FakeCloud.StartAsync(driver: driver);
        var instance = await first.BootAsync();
        await first.StopAsync();
        await using (var stores = await KumoStores.OpenSqliteAsync(first.Cloud.Options.DatabasePath))
        {
            var crashed = await stores.Instances.GetAsync(instance.Uuid);
            crashed.VmState = VmState.Building;
            crashed.TaskState = TaskState.Spawning;
            crashed.LaunchedAt = null;
            await stores.Instances.SaveAsync(crashed);
        }
        Assert.Equal(1, driver.GuestCount);

        await using var restarted = await FakeCloud.StartAsync(driver: driver, stateDir: first.Cloud.Options.StateDir,
            configure: o => o.Database = first.Cloud.Options.DatabasePath);

        var settled = await restarted.Cloud.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (settled.VmState, settled.TaskState));
        var fault = await restarted.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Contains("restarted while the instance was building (task state spawning)", fault!.Message);
        Assert.Equal(0, driver.GuestCount);
        Assert.Equal(0, restarted.Cloud.ComputeManager.Tracker.GetUsage().Instances);
    }

    private static Task<Instance> WaitForTaskStateAsync(FakeCloud fake, Guid uuid, TaskState state) =>
        InstanceWaiter.WaitForAsync(fake.Cloud.Stores.Instances, uuid, i => i.TaskState == state, $"reach {state}", TimeSpan.FromSeconds(10), pollInterval: TimeSpan.FromMilliseconds(5));
}
