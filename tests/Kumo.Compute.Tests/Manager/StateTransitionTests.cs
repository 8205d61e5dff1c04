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
    public async Task A_failed_spawn_reverts_the_task_state_from_spawning_then_sets_error_expecting_no_task()
    {
        await using var harness = await ManagerHarness.StartAsync(new FakeDriverBehaviour { SpawnFailure = _ => new KumoException("no") });
        var (instance, context) = await harness.NewInstanceAsync();

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        Assert.Equal(
        [
            (VmState.Building, TaskState.Networking, "scheduling"),
            (VmState.Building, TaskState.BlockDeviceMapping, "networking"),
            (VmState.Building, TaskState.Spawning, "block_device_mapping"),
            (VmState.Building, (TaskState?)null, "spawning"),
            (VmState.Error, (TaskState?)null, "none"),
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
            new BuildRequest([], new Kumo.Objects.Scheduling.ResourceLimits(Vcpus: null, MemoryMb: before.MemoryMbUsed + 256, DiskGb: null)));

        var failed = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal(VmState.Error, failed.VmState);
        var fault = await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Equal("Insufficient compute resources: free memory 256 MB < requested 512 MB", fault!.Message);
        Assert.Equal(0, harness.Driver.SpawnCount);
        Assert.Equal(before, harness.Manager.Tracker.GetUsage());
    }
}
