using Kumo.Compute.Rpc;
using Kumo.Compute.Tests.Support;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Manager;

/// <summary>The order of states a build writes, and which of those writes are compare-and-set.</summary>
public sealed class StateTransitionTests
{
    private static readonly BuildRequest NoNetworks = new([]);

    private static readonly string AnyButDeleting = string.Join("|", TaskStates.AnyButDeleting.Select(s => s.ToNovaName() ?? "none"));

    [Fact]
    public async Task A_build_walks_nova_task_states_each_saved_as_a_compare_and_set_from_the_previous_one()
    {
        await using var harness = await ManagerHarness.StartAsync();
        var (instance, context) = await harness.NewInstanceAsync();

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        Assert.Equal(
        [
            (VmState.Building, TaskState.Networking, "scheduling"),
            (VmState.Building, TaskState.BlockDeviceMapping, "networking"),
            (VmState.Building, TaskState.Spawning, "block_device_mapping"),
            (VmState.Active, (TaskState?)null, "spawning"),
        ], harness.Instances.Saves);
    }

    [Fact]
    public async Task A_failed_spawn_reverts_the_task_state_then_sets_error_neither_overwriting_a_delete()
    {
        await using var harness = await ManagerHarness.StartAsync(new FakeDriverBehaviour { SpawnFailure = _ => new KumoException("no") });
        var (instance, context) = await harness.NewInstanceAsync();

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        Assert.Equal(
        [
            (VmState.Building, TaskState.Networking, "scheduling"),
            (VmState.Building, TaskState.BlockDeviceMapping, "networking"),
            (VmState.Building, TaskState.Spawning, "block_device_mapping"),
            (VmState.Building, (TaskState?)null, AnyButDeleting),
            (VmState.Error, (TaskState?)null, AnyButDeleting),
        ], harness.Instances.Saves);
    }

    [Fact]
    public async Task A_build_of_an_instance_already_being_deleted_writes_nothing_and_spawns_nothing()
    {
        await using var harness = await ManagerHarness.StartAsync();
        var (instance, context) = await harness.NewInstanceAsync();
        instance.TaskState = TaskState.Deleting;
        await harness.Stores.Instances.SaveAsync(instance);

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        Assert.Empty(harness.Instances.Saves);
        Assert.Equal(0, harness.Driver.SpawnCount);
        Assert.Equal(TaskState.Deleting, (await harness.Stores.Instances.GetAsync(instance.Uuid)).TaskState);
        Assert.Null(await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
    }

    [Fact]
    public async Task A_claim_beyond_the_scheduler_limits_fails_the_build_with_a_fault_naming_the_resource_and_spawns_nothing()
    {
        await using var harness = await ManagerHarness.StartAsync();
        var (instance, context) = await harness.NewInstanceAsync();
        var before = harness.Manager.Tracker.GetUsage();

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid,
            new BuildRequest([], new Kumo.Objects.Scheduling.ResourceLimits(Vcpus: null, MemoryMb: 256, DiskGb: null)));

        var failed = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal(VmState.Error, failed.VmState);
        var fault = await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Equal("Insufficient compute resources: free memory 256 MB < requested 512 MB", fault!.Message);
        Assert.Equal(0, harness.Driver.SpawnCount);
        Assert.Equal(before, harness.Manager.Tracker.GetUsage());
    }

    private sealed class BrokenNotifier : Kumo.Objects.Notifications.INotifier
    {
        public Task NotifyAsync(Kumo.Objects.Notifications.Notification notification, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("notification store is down");
    }

    [Fact]
    public async Task A_notification_that_cannot_be_sent_never_fails_the_build()
    {
        await using var harness = await ManagerHarness.StartAsync(notifier: new BrokenNotifier());
        var (instance, context) = await harness.NewInstanceAsync();

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        Assert.Equal(VmState.Active, (await harness.Stores.Instances.GetAsync(instance.Uuid)).VmState);
        Assert.Null(await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
    }

    [Fact]
    public async Task A_failed_save_that_is_no_conflict_still_ends_in_error_not_stuck_in_building()
    {
        var failing = new FakeDriverBehaviour();
        await using var harness = await ManagerHarness.StartAsync(failing);
        var (instance, context) = await harness.NewInstanceAsync();
        harness.Instances.FailNextSaveWith = new KumoException("database is locked");

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (stored.VmState, stored.TaskState));
        Assert.Contains("database is locked", (await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
    }

    [Fact]
    public async Task A_build_for_an_instance_no_longer_waiting_for_it_is_aborted_without_claiming()
    {
        await using var harness = await ManagerHarness.StartAsync();
        var (instance, context) = await harness.NewInstanceAsync();
        instance.VmState = VmState.Error; // e.g. a delete that ran first and failed
        instance.TaskState = null;
        await harness.Stores.Instances.SaveAsync(instance);
        var before = harness.Manager.Tracker.GetUsage();

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        Assert.Empty(harness.Instances.Saves);
        Assert.Equal(0, harness.Driver.SpawnCount);
        Assert.Equal(before, harness.Manager.Tracker.GetUsage());
        Assert.Null(await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
    }
}
