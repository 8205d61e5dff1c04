using Kumo.Compute.Rpc;
using Kumo.Compute.Tests.Support;
using Kumo.Deployment.AllInOne;
using Kumo.Network.Fake;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Fake;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Compute.Tests.Deadlines;

/// <summary>
/// A driver call that never returns and ignores its token (a native libvirt call, a hung QEMU monitor)
/// is abandoned at the operation's deadline: the server ends in its final state with a fault naming the
/// step, holding no claim, allocation or port, and another operation can run. When the call returns
/// at last, what it did is dropped or undone: no guest left, the final state not overwritten. Nova
/// has only instance_build_timeout (off by default, BUILD only): there, such a call keeps the server
/// in BUILD, deleting or powering-off for as long as it hangs.
/// </summary>
public sealed class AbandonedOperationTests
{
    // Under ServiceDownTime (60 s): the clock jump must not make the host look down to the sweeper.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private sealed record Setup(FakeCloud Fake, FakeNetworkApi Network, Guid NetworkId, FakeTimeProvider Time, List<Guid> Destroyed) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Fake.DisposeAsync();
    }

    private static async Task<Setup> StartAsync(FakeDriverBehaviour behaviour, int maxConcurrentBuilds = 10)
    {
        behaviour.GatesIgnoreCancellation = true;
        var destroyed = new List<Guid>();
        behaviour.Destroyed = (instance, _) =>
        {
            lock (destroyed)
            {
                destroyed.Add(instance.Uuid);
            }
        };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var network = new FakeNetworkApi { PortsActive = true };
        var networkId = network.AddNetwork("private");
        var fake = await FakeCloud.StartAsync(behaviour, time: time, network: network, configure: o =>
        {
            o.Compute.Deadlines.Build = Limit;
            o.Compute.Deadlines.Delete = Limit;
            o.Compute.Deadlines.Stop = Limit;
            o.Compute.Deadlines.Reboot = Limit;
            o.Compute.Deadlines.AbandonGrace = Grace;
            o.Compute.MaxConcurrentBuilds = maxConcurrentBuilds;
        });
        return new Setup(fake, network, networkId, time, destroyed);
    }

    private static Task<Instance> WaitForAsync(Setup s, Guid uuid, Func<Instance, bool> condition, string what) =>
        InstanceWaiter.WaitForAsync(s.Fake.Cloud.Stores.Instances, uuid, condition, what, Wait);

    /// <summary>The server a hung spawn leaves: ERROR at the deadline, with the fault, holding nothing, the body still running.</summary>
    private static async Task<Instance> BuildPastItsDeadlineAsync(Setup s)
    {
        var context = s.Fake.NewRequest();
        var created = await s.Fake.CreateAsync("hung-spawn", context: context, networks: [new RequestedNetwork(s.NetworkId)]);
        await WaitForAsync(s, created.Uuid, i => i.TaskState == TaskState.Spawning, "reach spawning");
        Assert.Single(s.Network.PortsOf(created.Uuid));

        s.Time.Advance(Limit + Grace + TimeSpan.FromSeconds(1));
        var failed = await WaitForAsync(s, created.Uuid, i => i.VmState == VmState.Error, "end the build in ERROR");
        await InstanceWaiter.WaitForActionFinishedAsync(s.Fake.Cloud.Stores.InstanceActions, created.Uuid, context.RequestId, Wait);

        Assert.Null(failed.TaskState);
        Assert.Equal("The build did not finish within its deadline of 30 s (Compute:Deadlines:Build); it ran out of time in task state spawning.",
            (await s.Fake.Cloud.Stores.InstanceFaults.GetLatestAsync(created.Uuid))!.Message);
        Assert.Empty(s.Network.PortsOf(created.Uuid));
        Assert.Empty(await s.Fake.Cloud.Stores.Placement.GetAllocationsAsync(created.Uuid));
        Assert.Equal(0, s.Fake.Cloud.ComputeManager.Tracker.GetUsage().Instances);
        Assert.Equal(1, s.Fake.Cloud.ComputeManager.AbandonedOperationCount);
        return failed;
    }

    private static Task WaitForAbandonedToEndAsync(Setup s) =>
        Eventually.WaitAsync(() => Task.FromResult(s.Fake.Cloud.ComputeManager.AbandonedOperationCount == 0), "the abandoned body to end and be cleaned up after");

    [Fact]
    public async Task A_spawn_that_never_returns_ends_the_build_in_error_at_its_deadline_and_the_guest_it_makes_late_is_destroyed()
    {
        var gate = new TaskCompletionSource();
        await using var s = await StartAsync(new FakeDriverBehaviour { SpawnGate = gate.Task });
        var failed = await BuildPastItsDeadlineAsync(s);

        gate.SetResult(); // the hung call returns at last and creates the guest
        await WaitForAbandonedToEndAsync(s);

        Assert.Equal(1, s.Fake.Driver.SpawnCount);
        Assert.Contains(failed.Uuid, s.Destroyed);
        Assert.Equal(0, s.Fake.Driver.GuestCount);
        var after = await s.Fake.Cloud.Stores.Instances.GetAsync(failed.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null, (DateTimeOffset?)null), (after.VmState, after.TaskState, after.LaunchedAt));
        Assert.StartsWith("The build did not finish within its deadline", (await s.Fake.Cloud.Stores.InstanceFaults.GetLatestAsync(failed.Uuid))!.Message);
        Assert.Empty(s.Network.PortsOf(failed.Uuid));
        Assert.Empty(await s.Fake.Cloud.Stores.Placement.GetAllocationsAsync(failed.Uuid));
        Assert.Equal(0, s.Fake.Cloud.ComputeManager.Tracker.GetUsage().Instances);

        await s.Fake.DeleteAndWaitAsync(failed.Uuid);
        Assert.Equal(new Kumo.Db.Stores.QuotaUsage(0, 0, 0), await s.Fake.Cloud.Stores.Quotas.GetUsageAsync(failed.ProjectId));
    }

    [Fact]
    public async Task A_delete_after_a_build_was_abandoned_does_not_wait_for_the_hung_spawn_and_nothing_is_left_when_it_returns()
    {
        var gate = new TaskCompletionSource();
        await using var s = await StartAsync(new FakeDriverBehaviour { SpawnGate = gate.Task });
        var failed = await BuildPastItsDeadlineAsync(s);

        // The instance lock was released at the deadline: the delete runs while the spawn still hangs.
        await s.Fake.DeleteAndWaitAsync(failed.Uuid);
        Assert.Equal(1, s.Fake.Cloud.ComputeManager.AbandonedOperationCount);

        gate.SetResult();
        await WaitForAbandonedToEndAsync(s);

        Assert.Equal(0, s.Fake.Driver.GuestCount);
        Assert.Null(await s.Fake.Cloud.Stores.Instances.TryGetAsync(failed.Uuid));
        Assert.Empty(s.Network.PortsOf(failed.Uuid));
        Assert.Empty(await s.Fake.Cloud.Stores.Placement.GetAllocationsAsync(failed.Uuid));
        Assert.Equal(0, s.Fake.Cloud.ComputeManager.Tracker.GetUsage().Instances);
        Assert.Equal(new Kumo.Db.Stores.QuotaUsage(0, 0, 0), await s.Fake.Cloud.Stores.Quotas.GetUsageAsync(failed.ProjectId));
    }

    [Fact]
    public async Task An_abandoned_build_gives_back_its_build_slot_at_the_deadline()
    {
        var gate = new TaskCompletionSource();
        var behaviour = new FakeDriverBehaviour { SpawnGate = gate.Task };
        await using var s = await StartAsync(behaviour, maxConcurrentBuilds: 1);
        var failed = await BuildPastItsDeadlineAsync(s);
        behaviour.SpawnGate = null; // the hung spawn keeps waiting on the gate it took

        var next = await s.Fake.BootAsync("after-the-hung-one");

        Assert.Equal(VmState.Active, next.VmState);
        Assert.Equal(1, s.Fake.Cloud.ComputeManager.AbandonedOperationCount);
        gate.SetResult();
        await WaitForAbandonedToEndAsync(s);
        Assert.Equal(1, s.Fake.Driver.GuestCount);
        Assert.Equal(VmState.Error, (await s.Fake.Cloud.Stores.Instances.GetAsync(failed.Uuid)).VmState);
    }

    [Fact]
    public async Task A_power_off_that_never_returns_ends_the_stop_at_its_deadline_and_the_record_follows_the_guest_when_it_lands()
    {
        var behaviour = new FakeDriverBehaviour();
        await using var s = await StartAsync(behaviour);
        var instance = await s.Fake.BootAsync("hung-stop", networks: [new RequestedNetwork(s.NetworkId)]);
        var gate = new TaskCompletionSource();
        behaviour.PowerGate = gate.Task;

        await s.Fake.Cloud.Api.StopAsync(s.Fake.NewRequest(), instance.Uuid);
        // Sent by the compute host inside the operation, so its deadline runs (the API sets powering-off before the cast).
        await Eventually.WaitAsync(async () => (await s.Fake.Cloud.Stores.Notifications.ListAsync("compute.instance.power_off.start", instance.Uuid)).Count > 0,
            "see power_off.start");
        s.Time.Advance(Limit + Grace + TimeSpan.FromSeconds(1));
        var ended = await WaitForAsync(s, instance.Uuid, i => i.TaskState is null, "end the stop");

        Assert.Equal((VmState.Active, PowerState.Running), (ended.VmState, ended.PowerState));
        Assert.Equal("The stop did not finish within its deadline of 30 s (Compute:Deadlines:Stop); it ran out of time in task state powering_off.",
            (await s.Fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
        Assert.Equal(1, s.Fake.Cloud.ComputeManager.AbandonedOperationCount);

        gate.SetResult(); // the guest does go off, late: its save is refused, the sync says what happened
        await WaitForAbandonedToEndAsync(s);

        var after = await s.Fake.Cloud.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Stopped, (TaskState?)null, PowerState.Shutdown), (after.VmState, after.TaskState, after.PowerState));

        behaviour.PowerGate = null;
        await s.Fake.DeleteAndWaitAsync(instance.Uuid);
        Assert.Equal(0, s.Fake.Driver.GuestCount);
    }

    [Fact]
    public async Task A_reboot_whose_guest_the_driver_cannot_even_read_ends_in_error_with_its_fault()
    {
        var behaviour = new FakeDriverBehaviour();
        await using var s = await StartAsync(behaviour);
        var instance = await s.Fake.BootAsync("hung-reboot");
        (behaviour.PowerGate, behaviour.InfoGate) = (new TaskCompletionSource().Task, new TaskCompletionSource().Task);

        await s.Fake.Cloud.Api.RebootAsync(s.Fake.NewRequest(), instance.Uuid, RebootType.Hard);
        await Eventually.WaitAsync(async () => (await s.Fake.Cloud.Stores.Notifications.ListAsync("compute.instance.reboot.start", instance.Uuid)).Count > 0,
            "see reboot.start");
        s.Time.Advance(Limit + Grace + TimeSpan.FromSeconds(1));
        await WaitForAsync(s, instance.Uuid, i => i.TaskState is null, "end the reboot");
        // The power-state read after the failure is bounded too (on the same clock): move it on until it gives up.
        var wallClock = DateTime.UtcNow.AddSeconds(20);
        while ((await s.Fake.Cloud.Stores.Instances.GetAsync(instance.Uuid)).VmState != VmState.Error)
        {
            Assert.True(DateTime.UtcNow < wallClock, "the reboot's power-state read never gave up");
            s.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
        }

        Assert.Equal($"The reboot did not finish within its deadline of 30 s (Compute:Deadlines:Reboot); it ran out of time in task state {TaskState.RebootingHard.ToNovaName()}.",
            (await s.Fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
        (behaviour.PowerGate, behaviour.InfoGate) = (null, null);
        await s.Fake.DeleteAndWaitAsync(instance.Uuid);
        Assert.Equal(0, s.Fake.Driver.GuestCount);
    }

    [Fact]
    public async Task A_destroy_that_never_returns_ends_the_delete_in_error_at_its_deadline_and_a_second_delete_completes_once_it_returns()
    {
        var behaviour = new FakeDriverBehaviour();
        await using var s = await StartAsync(behaviour);
        var instance = await s.Fake.BootAsync("hung-delete", networks: [new RequestedNetwork(s.NetworkId)]);
        var gate = new TaskCompletionSource();
        behaviour.DestroyGate = gate.Task;

        await s.Fake.Cloud.Api.DeleteAsync(s.Fake.NewRequest(), instance.Uuid);
        await Eventually.WaitAsync(async () => (await s.Fake.Cloud.Stores.Notifications.ListAsync("compute.instance.delete.start", instance.Uuid)).Count > 0,
            "see delete.start");
        s.Time.Advance(Limit + Grace + TimeSpan.FromSeconds(1));
        var failed = await WaitForAsync(s, instance.Uuid, i => i.VmState == VmState.Error, "end the delete in ERROR");

        Assert.Null(failed.TaskState);
        Assert.Equal("The delete did not finish within its deadline of 30 s (Compute:Deadlines:Delete); it ran out of time in task state deleting.",
            (await s.Fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
        Assert.Equal(1, s.Fake.Cloud.ComputeManager.AbandonedOperationCount);

        gate.SetResult(); // the destroy lands late; the rest of that delete is dropped, ERROR stands
        behaviour.DestroyGate = null;
        await WaitForAbandonedToEndAsync(s);
        var after = await s.Fake.Cloud.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (after.VmState, after.TaskState));

        await s.Fake.DeleteAndWaitAsync(instance.Uuid);
        Assert.Equal(0, s.Fake.Driver.GuestCount);
        Assert.Empty(s.Network.PortsOf(instance.Uuid));
        Assert.Empty(await s.Fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
        Assert.Equal(0, s.Fake.Cloud.ComputeManager.Tracker.GetUsage().Instances);
        Assert.Equal(new Kumo.Db.Stores.QuotaUsage(0, 0, 0), await s.Fake.Cloud.Stores.Quotas.GetUsageAsync(instance.ProjectId));
    }
}
