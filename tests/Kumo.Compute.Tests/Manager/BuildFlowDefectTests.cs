using Kumo.Compute.Rpc;
using Kumo.Compute.Tests.Support;
using Kumo.Db.Stores;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Actions;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Manager;

/// <summary>Regression tests for the build-flow defects listed in issue 12, each failing on the code before its fix.</summary>
public sealed class BuildFlowDefectTests
{
    private static readonly BuildRequest NoNetworks = new([]);

    [Fact]
    public async Task A_failed_delete_ends_in_error_with_its_fault_not_stuck_deleting()
    {
        var behaviour = new FakeDriverBehaviour();
        await using var harness = await ManagerHarness.StartAsync(behaviour);
        var (instance, context) = await harness.NewInstanceAsync();
        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);
        behaviour.DestroyFailure = _ => new KumoException("libvirt: Failed to terminate process 4242 with SIGKILL: Device or resource busy");
        await harness.Stores.Instances.SetTaskStateAsync(instance.Uuid, TaskState.Deleting, TaskStates.AnyButDeleting);
        var delete = new Kumo.Objects.Context.RequestContext(Kumo.Objects.Context.RequestContext.NewRequestId(), "u", "p");
        await harness.Stores.InstanceActions.StartActionAsync(instance.Uuid, ActionNames.Delete, delete.RequestId, "u", "p");

        await Assert.ThrowsAsync<KumoException>(() => harness.Manager.TerminateInstanceAsync(delete, instance.Uuid));

        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (stored.VmState, stored.TaskState));
        Assert.Contains("Device or resource busy", (await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
        Assert.Equal(1, harness.Driver.GuestCount);
    }

    [Fact]
    public async Task A_build_aborted_by_the_prebuild_check_sends_no_create_start()
    {
        await using var harness = await ManagerHarness.StartAsync();
        var (instance, context) = await harness.NewInstanceAsync();
        instance.VmState = VmState.Error;
        instance.TaskState = null;
        await harness.Stores.Instances.SaveAsync(instance);

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        Assert.Empty(await harness.Stores.Notifications.ListAsync("compute.instance.create", instance.Uuid));
    }

    [Fact]
    public async Task An_instance_deleted_during_its_build_stops_the_build_cleanly_without_error_or_fault()
    {
        var gate = new TaskCompletionSource();
        await using var harness = await ManagerHarness.StartAsync(new FakeDriverBehaviour { SpawnGate = gate.Task });
        var before = harness.Manager.Tracker.GetUsage();
        var (instance, context) = await harness.NewInstanceAsync();
        var build = harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);
        await InstanceWaiter.WaitForAsync(harness.Stores.Instances, instance.Uuid, i => i.TaskState == TaskState.Spawning, "reach spawning", TimeSpan.FromSeconds(10));

        await harness.Stores.Instances.DestroyAsync(instance.Uuid);
        gate.SetResult();
        await build;

        Assert.Empty(await harness.Stores.Notifications.ListAsync("compute.instance.create.error", instance.Uuid));
        Assert.Null(await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
        Assert.Equal(0, harness.Driver.GuestCount);
        Assert.Equal(before, harness.Manager.Tracker.GetUsage());
    }

    [Fact]
    public async Task A_build_waiting_for_its_instance_lock_holds_no_build_slot()
    {
        var behaviour = new FakeDriverBehaviour();
        await using var harness = await ManagerHarness.StartAsync(behaviour, configure: o => o.MaxConcurrentBuilds = 1);
        var (waiting, waitingContext) = await harness.NewInstanceAsync();
        var (other, otherContext) = await harness.NewInstanceAsync();
        // A delete of the first instance holds its lock (its destroy hangs) before that instance's build arrives.
        var destroyGate = new TaskCompletionSource();
        behaviour.DestroyGate = destroyGate.Task;
        await harness.Stores.Instances.SetTaskStateAsync(waiting.Uuid, TaskState.Deleting, TaskStates.AnyButDeleting);
        await harness.Stores.InstanceActions.StartActionAsync(waiting.Uuid, ActionNames.Delete, "req-delete", "u", "p");
        var delete = harness.Manager.TerminateInstanceAsync(waitingContext with { RequestId = "req-delete" }, waiting.Uuid);
        await WaitForNotificationAsync(harness, "compute.instance.delete.start", waiting.Uuid);
        var blockedBuild = harness.Manager.BuildAndRunInstanceAsync(waitingContext, waiting.Uuid, NoNetworks);

        await harness.Manager.BuildAndRunInstanceAsync(otherContext, other.Uuid, NoNetworks).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(VmState.Active, (await harness.Stores.Instances.GetAsync(other.Uuid)).VmState);
        Assert.False(blockedBuild.IsCompleted);
        destroyGate.SetResult();
        await delete;
        await blockedBuild;
        Assert.Null(await harness.Stores.Instances.TryGetAsync(waiting.Uuid));
    }

    [Fact]
    public async Task A_build_whose_success_event_cannot_be_recorded_stays_active()
    {
        await using var harness = await ManagerHarness.StartAsync(actions: inner => new SuccessEventFails(inner));
        var (instance, context) = await harness.NewInstanceAsync();

        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);

        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Active, (TaskState?)null), (stored.VmState, stored.TaskState));
        Assert.Null(await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
        Assert.Equal(1, harness.Driver.GuestCount);
    }

    [Fact]
    public async Task Regression_every_error_write_finds_its_fault_already_recorded()
    {
        // Replaces a test that polled and caught the bug only when a poll landed in the window: this
        // check runs at the instant ERROR is written (build failure, refused claim, failed delete).
        var behaviour = new FakeDriverBehaviour { SpawnFailure = i => i.DisplayName == "spawn-fails" ? new KumoException("spawn failed") : null };
        await using var harness = await ManagerHarness.StartAsync(behaviour);
        var checkedWrites = new List<(Guid Uuid, bool FaultExisted)>();
        harness.Instances.BeforeSave = async i =>
        {
            if (i.VmState == VmState.Error)
            {
                checkedWrites.Add((i.Uuid, await harness.Stores.InstanceFaults.GetLatestAsync(i.Uuid) is not null));
            }
        };
        var (spawnFails, c1) = await harness.NewInstanceAsync();
        await harness.Stores.Instances.UpdateUserFieldsAsync(spawnFails.Uuid, i => i.DisplayName = "spawn-fails");
        await harness.Manager.BuildAndRunInstanceAsync(c1, spawnFails.Uuid, NoNetworks);
        var (refused, c2) = await harness.NewInstanceAsync();
        await harness.Manager.BuildAndRunInstanceAsync(c2, refused.Uuid, new BuildRequest([], new(Vcpus: null, MemoryMb: 1, DiskGb: null)));
        var (deleteFails, c3) = await harness.NewInstanceAsync();
        await harness.Manager.BuildAndRunInstanceAsync(c3, deleteFails.Uuid, NoNetworks);
        behaviour.DestroyFailure = _ => new KumoException("destroy failed");
        await harness.Stores.Instances.SetTaskStateAsync(deleteFails.Uuid, TaskState.Deleting, TaskStates.AnyButDeleting);
        await harness.Stores.InstanceActions.StartActionAsync(deleteFails.Uuid, ActionNames.Delete, "req-d", "u", "p");
        await Assert.ThrowsAsync<KumoException>(() => harness.Manager.TerminateInstanceAsync(c3 with { RequestId = "req-d" }, deleteFails.Uuid));

        Assert.Equal([spawnFails.Uuid, refused.Uuid, deleteFails.Uuid], checkedWrites.Select(w => w.Uuid).Distinct());
        Assert.All(checkedWrites, w => Assert.True(w.FaultExisted, $"{w.Uuid} was written ERROR before its fault"));
    }

    [Fact]
    public async Task Regression_a_reboot_that_leaves_the_guest_off_writes_error_only_after_its_fault()
    {
        var behaviour = new FakeDriverBehaviour();
        await using var harness = await ManagerHarness.StartAsync(behaviour);
        var (instance, context) = await harness.NewInstanceAsync();
        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);
        behaviour.PowerFailure = (_, op) => op == "reboot_hard" ? new KumoException("no bootable device") : null;
        var faultAtErrorWrite = new List<bool>();
        harness.Instances.BeforeSave = async i =>
        {
            if (i.VmState == VmState.Error)
            {
                faultAtErrorWrite.Add(await harness.Stores.InstanceFaults.GetLatestAsync(i.Uuid) is not null);
            }
        };
        await harness.Stores.Instances.SetTaskStateAsync(instance.Uuid, TaskState.RebootingHard, [null]);
        await harness.Stores.InstanceActions.StartActionAsync(instance.Uuid, ActionNames.Reboot, "req-r", "u", "p");

        await Assert.ThrowsAsync<KumoException>(() => harness.Manager.RebootInstanceAsync(context with { RequestId = "req-r" }, instance.Uuid,
            new RebootInstanceRequest(RebootType.Hard)));

        Assert.Equal([true], faultAtErrorWrite);
        Assert.Equal(VmState.Error, (await harness.Stores.Instances.GetAsync(instance.Uuid)).VmState);
    }

    private static Task WaitForNotificationAsync(ManagerHarness harness, string eventType, Guid uuid) =>
        Eventually.WaitAsync(async () => (await harness.Stores.Notifications.ListAsync(eventType, uuid)).Count > 0, $"see {eventType}");

    /// <summary>An action store whose write of a successful event result fails (the database went away just then).</summary>
    private sealed class SuccessEventFails(IInstanceActionStore inner) : IInstanceActionStore
    {
        public Task<InstanceAction> StartActionAsync(Guid instanceUuid, string action, string requestId, string? userId, string? projectId, CancellationToken cancellationToken = default) =>
            inner.StartActionAsync(instanceUuid, action, requestId, userId, projectId, cancellationToken);

        public Task<InstanceActionEvent> StartEventAsync(Guid instanceUuid, string requestId, string eventName, string? host, CancellationToken cancellationToken = default) =>
            inner.StartEventAsync(instanceUuid, requestId, eventName, host, cancellationToken);

        public Task FinishEventAsync(Guid instanceUuid, string requestId, string eventName, string result, string? traceback, string? details, CancellationToken cancellationToken = default) =>
            result == ActionNames.ResultSuccess
                ? throw new KumoException("database is locked")
                : inner.FinishEventAsync(instanceUuid, requestId, eventName, result, traceback, details, cancellationToken);

        public Task FinishEventAsync(Guid instanceUuid, string requestId, string eventName, string result, string? traceback, string? details,
            IReadOnlyList<InstanceActionEvent> steps, CancellationToken cancellationToken = default) =>
            result == ActionNames.ResultSuccess
                ? throw new KumoException("database is locked")
                : inner.FinishEventAsync(instanceUuid, requestId, eventName, result, traceback, details, steps, cancellationToken);

        public Task FinishActionAsync(Guid instanceUuid, string requestId, CancellationToken cancellationToken = default) =>
            inner.FinishActionAsync(instanceUuid, requestId, cancellationToken);

        public Task<IReadOnlyList<InstanceAction>> ListAsync(Guid instanceUuid, CancellationToken cancellationToken = default) =>
            inner.ListAsync(instanceUuid, cancellationToken);

        public Task<InstanceAction?> GetAsync(Guid instanceUuid, string requestId, CancellationToken cancellationToken = default) =>
            inner.GetAsync(instanceUuid, requestId, cancellationToken);
    }
}
