using Kumo.Compute.Manager;
using Kumo.Compute.Tests.Support;
using Kumo.Conductor;
using Kumo.Objects.Actions;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Reliability;

/// <summary>
/// A build that fails on its host for a retriable reason goes back to the conductor for another host
/// (Nova's reschedule with [scheduler] max_attempts). Kumo improves on Nova: each attempt is an action
/// event with its host and error, and when no host is left the fault lists every host's own error
/// (Nova's fault is "Exceeded maximum number of retries" or "No valid host", the causes only in logs).
/// </summary>
public sealed class RescheduleTests
{
    private const string HypervisorError = "internal error: qemu unexpectedly closed the monitor (injected on compute-1)";

    // compute-1 has more free RAM, so the RAM weigher chooses it first.
    private static FakeDriverBehaviour FirstHost(Func<Instance, Exception?>? failure) => new()
    {
        Resources = new HostResources("h1", "node-1", 16, 16384, 200, "fake", 1),
        SpawnFailure = failure,
    };

    private static FakeDriver SecondHost(Func<Instance, Exception?>? failure = null) => new(new FakeDriverBehaviour
    {
        Resources = new HostResources("h2", "node-2", 16, 8192, 200, "fake", 1),
        SpawnFailure = failure,
    });

    [Fact]
    public async Task A_spawn_failing_on_one_host_ends_active_on_the_other_with_the_first_hosts_allocation_ports_and_guest_gone()
    {
        await using var fake = await FakeCloud.StartAsync(FirstHost(_ => new KumoException(HypervisorError)));
        var second = SecondHost();
        await using var compute2 = await fake.AddComputeHostAsync("compute-2", second);
        var networkId = await fake.CreateNetworkAsync("private");
        var usageBefore = fake.Cloud.ComputeManager.Tracker.GetUsage();

        var instance = await fake.BootAsync("rescheduled", networks: [new RequestedNetwork(networkId)]);

        Assert.Equal((VmState.Active, "compute-2", "node-2"), (instance.VmState, instance.Host, instance.Node));
        var node1 = await fake.Cloud.Stores.Placement.TryGetProviderAsync("node-1");
        var node2 = await fake.Cloud.Stores.Placement.TryGetProviderAsync("node-2");
        Assert.All(node1!.Inventories.Values, i => Assert.Equal(0, i.Used));
        Assert.All(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid), a => Assert.Equal(node2!.Uuid, a.ResourceProviderUuid));
        Assert.Equal(usageBefore.MemoryMbUsed, fake.Cloud.ComputeManager.Tracker.GetUsage().MemoryMbUsed);
        Assert.Equal((1, 0, 1), (fake.Driver.SpawnCount, fake.Driver.GuestCount, second.GuestCount));
        var port = Assert.Single(await fake.PortsOfAsync(instance.Uuid));
        Assert.Equal("compute-2", port.BindingHostId);

        var action = Assert.Single(await fake.Cloud.Stores.InstanceActions.ListAsync(instance.Uuid));
        var builds = action.Events.Where(e => e.Event == ComputeManager.BuildEvent).OrderBy(e => e.Id).ToList();
        Assert.Equal([("compute-1", ActionNames.ResultError), ("compute-2", ActionNames.ResultSuccess)], builds.Select(e => (e.Host!, e.Result!)));
        Assert.Equal(HypervisorError, builds[0].Details);
        Assert.Equal(2, action.Events.Count(e => e.Event == ConductorManager.ScheduleEvent && e.Result == ActionNames.ResultSuccess));
        Assert.NotNull(action.FinishTime);
        // An ACTIVE server carries no fault from an attempt that another host made good.
        Assert.Null(await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
    }

    [Fact]
    public async Task With_one_host_the_reschedule_is_still_decided_and_the_fault_names_the_hosts_own_error()
    {
        await using var fake = await FakeCloud.StartAsync(FirstHost(_ => new KumoException(HypervisorError)));
        var networkId = await fake.CreateNetworkAsync("private");

        var instance = await fake.BootAsync("only-host", networks: [new RequestedNetwork(networkId)]);

        Assert.Equal(VmState.Error, instance.VmState);
        Assert.Null(instance.TaskState);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Contains("attempt 1 on compute-1: " + HypervisorError, fault!.Message);
        Assert.Contains("compute-1 (RetryFilter)", fault.Message);
        Assert.DoesNotContain("Exceeded maximum number of retries", fault.Message);
        Assert.True(fault.CreatedAt <= instance.UpdatedAt, "the fault must be written before ERROR");
        var action = Assert.Single(await fake.Cloud.Stores.InstanceActions.ListAsync(instance.Uuid));
        var events = action.Events.OrderBy(e => e.Id).Select(e => (e.Event, e.Result, e.Host)).ToList();
        Assert.Equal([
            (ConductorManager.ScheduleEvent, ActionNames.ResultSuccess, null),
            (ComputeManager.BuildEvent, ActionNames.ResultError, "compute-1"),
            // The attempt's timeline, written with its build event: the spawn is where it failed.
            (Kumo.Virt.Progress.BuildSteps.Claim, ActionNames.ResultSuccess, "compute-1"),
            (Kumo.Virt.Progress.BuildSteps.AllocateNetwork, ActionNames.ResultSuccess, "compute-1"),
            (Kumo.Virt.Progress.BuildSteps.Spawn, ActionNames.ResultError, "compute-1"),
            (ConductorManager.ScheduleEvent, ActionNames.ResultError, null),
        ], events);
        Assert.NotNull(action.FinishTime);
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
        Assert.Empty(await fake.PortsOfAsync(instance.Uuid));
        Assert.Equal(0, fake.Driver.GuestCount);
    }

    [Fact]
    public async Task Past_max_attempts_the_fault_lists_every_hosts_error()
    {
        await using var fake = await FakeCloud.StartAsync(FirstHost(_ => new KumoException(HypervisorError)),
            o => o.Scheduler.MaxAttempts = 2);
        var second = SecondHost(_ => new InvalidOperationException("disk I/O error on compute-2"));
        await using var compute2 = await fake.AddComputeHostAsync("compute-2", second);

        var instance = await fake.BootAsync("nowhere");

        Assert.Equal(VmState.Error, instance.VmState);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Equal(
            $"Build of instance {instance.Uuid} failed on all 2 attempts (attempt 1 on compute-1: {HypervisorError}; "
            + "attempt 2 on compute-2: disk I/O error on compute-2), and max_attempts (2) reached.",
            fault!.Message);
        Assert.Equal((1, 1), (fake.Driver.SpawnCount, second.SpawnCount));
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
    }

    [Fact]
    public async Task A_failure_no_host_can_fix_goes_straight_to_error_without_a_second_attempt()
    {
        var imageId = Guid.NewGuid();
        await using var fake = await FakeCloud.StartAsync(FirstHost(_ => new ImageUnacceptableException(imageId, "checksum mismatch (injected)")));
        var second = SecondHost();
        await using var compute2 = await fake.AddComputeHostAsync("compute-2", second);

        var instance = await fake.BootAsync("bad-image");

        Assert.Equal(VmState.Error, instance.VmState);
        Assert.Equal(0, second.SpawnCount);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Equal((400, $"Image {imageId} is unacceptable: checksum mismatch (injected)"), (fault!.Code, fault.Message));
        var action = Assert.Single(await fake.Cloud.Stores.InstanceActions.ListAsync(instance.Uuid));
        Assert.Single(action.Events, e => e.Event == ConductorManager.ScheduleEvent);
    }
}
