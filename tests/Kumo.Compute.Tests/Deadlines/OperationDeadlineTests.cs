using Kumo.Compute.Deadlines;
using Kumo.Compute.Rpc;
using Kumo.Compute.Tests.Support;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Kumo.Virt.Fake;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Compute.Tests.Deadlines;

/// <summary>
/// Every compute operation ends by its deadline (Compute:Deadlines:*) when a driver step hangs, in a
/// final state with a fault naming the operation, the setting and the step. Nova's servers stay in
/// BUILD or deleting for as long as such a call hangs (instance_build_timeout is off by default).
/// </summary>
public sealed class OperationDeadlineTests
{
    private static readonly BuildRequest NoNetworks = new([]);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static Task<ManagerHarness> StartAsync(FakeDriverBehaviour behaviour, FakeTimeProvider time) =>
        ManagerHarness.StartAsync(behaviour, time: time, configure: o =>
        {
            o.Deadlines.Build = Limit;
            o.Deadlines.Delete = Limit;
            o.Deadlines.Stop = Limit;
            o.Deadlines.Start = Limit;
            o.Deadlines.Reboot = Limit;
        });

    [Fact]
    public async Task A_spawn_that_hangs_ends_the_build_in_error_at_its_deadline_with_a_fault_naming_the_step_and_nothing_held()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await StartAsync(new FakeDriverBehaviour { SpawnGate = new TaskCompletionSource().Task }, time);
        var before = harness.Manager.Tracker.GetUsage();
        var (instance, context) = await harness.NewInstanceAsync();
        var build = harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);
        await InstanceWaiter.WaitForAsync(harness.Stores.Instances, instance.Uuid, i => i.TaskState == TaskState.Spawning, "reach spawning", TimeSpan.FromSeconds(10));

        time.Advance(Limit - TimeSpan.FromSeconds(1));
        Assert.False(build.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        await build.WaitAsync(TimeSpan.FromSeconds(20));

        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (stored.VmState, stored.TaskState));
        var fault = await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Equal("The build did not finish within its deadline of 60 s (Compute:Deadlines:Build); it ran out of time in task state spawning.", fault!.Message);
        Assert.Single(await harness.Stores.Notifications.ListAsync("compute.instance.create.error", instance.Uuid));
        Assert.Equal(0, harness.Driver.GuestCount);
        Assert.Equal(before, harness.Manager.Tracker.GetUsage());
        Assert.NotNull((await harness.Stores.InstanceActions.GetAsync(instance.Uuid, context.RequestId))!.FinishTime);
    }

    [Fact]
    public async Task A_destroy_that_hangs_ends_the_delete_in_error_at_its_deadline_so_it_can_be_retried()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var behaviour = new FakeDriverBehaviour();
        await using var harness = await StartAsync(behaviour, time);
        var (instance, context) = await harness.NewInstanceAsync();
        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);
        behaviour.DestroyGate = new TaskCompletionSource().Task;
        var delete = await MarkAsync(harness, instance.Uuid, TaskState.Deleting, ActionNames.Delete);
        var terminate = harness.Manager.TerminateInstanceAsync(delete, instance.Uuid);
        await Eventually.WaitAsync(async () => (await harness.Stores.Notifications.ListAsync("compute.instance.delete.start", instance.Uuid)).Count > 0, "see delete.start");

        time.Advance(Limit + TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<OperationTimedOutException>(() => terminate.WaitAsync(TimeSpan.FromSeconds(20)));

        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (stored.VmState, stored.TaskState));
        Assert.Equal("The delete did not finish within its deadline of 60 s (Compute:Deadlines:Delete); it ran out of time in task state deleting.",
            (await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
    }

    [Theory]
    [InlineData(TaskState.PoweringOff, "stop", "Stop")]
    [InlineData(TaskState.PoweringOn, "start", "Start")]
    [InlineData(TaskState.RebootingHard, "reboot", "Reboot")]
    public async Task A_power_action_that_hangs_ends_at_its_deadline_with_no_task_and_a_fault(TaskState pending, string operation, string setting)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var behaviour = new FakeDriverBehaviour();
        await using var harness = await StartAsync(behaviour, time);
        var (instance, context) = await harness.NewInstanceAsync();
        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, NoNetworks);
        behaviour.PowerGate = new TaskCompletionSource().Task;
        var request = await MarkAsync(harness, instance.Uuid, pending, operation);
        var action = pending switch
        {
            TaskState.PoweringOff => harness.Manager.StopInstanceAsync(request, instance.Uuid, new StopInstanceRequest(CleanShutdown: true)),
            TaskState.PoweringOn => harness.Manager.StartInstanceAsync(request, instance.Uuid, new StartInstanceRequest()),
            _ => harness.Manager.RebootInstanceAsync(request, instance.Uuid, new RebootInstanceRequest(RebootType.Hard)),
        };
        await Eventually.WaitAsync(async () => (await harness.Stores.InstanceActions.GetAsync(instance.Uuid, request.RequestId))!.Events.Count > 0, "start the event");

        time.Advance(Limit + TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<OperationTimedOutException>(() => action.WaitAsync(TimeSpan.FromSeconds(20)));

        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Null(stored.TaskState);
        Assert.Equal(VmState.Active, stored.VmState);
        Assert.Equal($"The {operation} did not finish within its deadline of 60 s (Compute:Deadlines:{setting}); it ran out of time in task state {pending.ToNovaName()}.",
            (await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
    }

    /// <summary>What the API does before it casts: the task state set, the action started.</summary>
    private static async Task<RequestContext> MarkAsync(ManagerHarness harness, Guid uuid, TaskState taskState, string action)
    {
        await harness.Stores.Instances.SetTaskStateAsync(uuid, taskState, [null]);
        var request = new RequestContext(RequestContext.NewRequestId(), "u", "p");
        await harness.Stores.InstanceActions.StartActionAsync(uuid, action, request.RequestId, "u", "p");
        return request;
    }
}
