using Kumo.Compute.Rpc;
using Kumo.Compute.Tests.Support;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Manager;

/// <summary>stop, start and reboot as the compute host runs them: wrappers, notifications, compare-and-set saves.</summary>
public sealed class PowerActionTests
{
    private static async Task<(ManagerHarness Harness, Instance Instance)> ActiveAsync(FakeDriverBehaviour? behaviour = null)
    {
        var harness = await ManagerHarness.StartAsync(behaviour);
        var (instance, context) = await harness.NewInstanceAsync();
        await harness.Manager.BuildAndRunInstanceAsync(context, instance.Uuid, new BuildRequest([]));
        return (harness, instance);
    }

    /// <summary>What the API does before it casts: the task state claimed and the action recorded.</summary>
    private static async Task<RequestContext> BeginAsync(ManagerHarness harness, Instance instance, TaskState taskState, string action)
    {
        var context = new RequestContext(RequestContext.NewRequestId(), "u", "p");
        await harness.Stores.Instances.SetTaskStateAsync(instance.Uuid, taskState, [null]);
        await harness.Stores.InstanceActions.StartActionAsync(instance.Uuid, action, context.RequestId, "u", "p");
        return context;
    }

    [Fact]
    public async Task Stop_saves_stopped_from_powering_off_and_records_event_and_notifications()
    {
        var (harness, instance) = await ActiveAsync();
        await using var _ = harness;
        var context = await BeginAsync(harness, instance, TaskState.PoweringOff, ActionNames.Stop);

        await harness.Manager.StopInstanceAsync(context, instance.Uuid, new StopInstanceRequest());

        Assert.Equal((VmState.Stopped, (TaskState?)null, "powering_off"), harness.Instances.Saves[^1]);
        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal(PowerState.Shutdown, stored.PowerState);
        var action = await harness.Stores.InstanceActions.GetAsync(instance.Uuid, context.RequestId);
        Assert.NotNull(action!.FinishTime);
        var stop = Assert.Single(action.Events);
        Assert.Equal(("compute_stop_instance", "Success"), (stop.Event, stop.Result));
        var types = (await harness.Stores.Notifications.ListAsync("compute.instance.power_off")).Select(n => n.EventType);
        Assert.Equal(["compute.instance.power_off.start", "compute.instance.power_off.end"], types);
    }

    [Fact]
    public async Task A_failed_power_off_reverts_the_task_state_and_leaves_a_fault_an_error_event_and_notification()
    {
        var (harness, instance) = await ActiveAsync(new FakeDriverBehaviour { PowerFailure = (_, op) => op == "power_off" ? new KumoException("the guest will not stop") : null });
        await using var _ = harness;
        var context = await BeginAsync(harness, instance, TaskState.PoweringOff, ActionNames.Stop);

        await Assert.ThrowsAsync<KumoException>(() => harness.Manager.StopInstanceAsync(context, instance.Uuid, new StopInstanceRequest()));

        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Active, (TaskState?)null), (stored.VmState, stored.TaskState));
        Assert.Equal("the guest will not stop", (await harness.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
        var action = await harness.Stores.InstanceActions.GetAsync(instance.Uuid, context.RequestId);
        Assert.Equal(("Error", "Error"), (action!.Message, Assert.Single(action.Events).Result));
        Assert.NotNull(action.FinishTime);
        Assert.Single(await harness.Stores.Notifications.ListAsync("compute.instance.power_off.error"));
    }

    [Fact]
    public async Task Start_saves_active_from_powering_on()
    {
        var (harness, instance) = await ActiveAsync();
        await using var _ = harness;
        await harness.Manager.StopInstanceAsync(await BeginAsync(harness, instance, TaskState.PoweringOff, ActionNames.Stop), instance.Uuid, new StopInstanceRequest());

        await harness.Manager.StartInstanceAsync(await BeginAsync(harness, instance, TaskState.PoweringOn, ActionNames.Start), instance.Uuid, new StartInstanceRequest());

        Assert.Equal((VmState.Active, (TaskState?)null, "powering_on"), harness.Instances.Saves[^1]);
        Assert.Equal(PowerState.Running, (await harness.Stores.Instances.GetAsync(instance.Uuid)).PowerState);
    }

    [Theory]
    [InlineData(RebootType.Soft, TaskState.Rebooting, "rebooting")]
    [InlineData(RebootType.Hard, TaskState.RebootingHard, "rebooting_hard")]
    public async Task Reboot_saves_active_from_its_task_state(RebootType type, TaskState taskState, string expected)
    {
        var (harness, instance) = await ActiveAsync();
        await using var _ = harness;

        await harness.Manager.RebootInstanceAsync(await BeginAsync(harness, instance, taskState, ActionNames.Reboot), instance.Uuid, new RebootInstanceRequest(type));

        Assert.Equal((VmState.Active, (TaskState?)null, expected), harness.Instances.Saves[^1]);
    }

    [Fact]
    public async Task A_reboot_that_leaves_the_guest_off_sets_ERROR_as_Nova_does()
    {
        var (harness, instance) = await ActiveAsync(new FakeDriverBehaviour { PowerFailure = (_, op) => op == "reboot_hard" ? new KumoException("no boot") : null });
        await using var _ = harness;
        var context = await BeginAsync(harness, instance, TaskState.RebootingHard, ActionNames.Reboot);

        await Assert.ThrowsAsync<KumoException>(() => harness.Manager.RebootInstanceAsync(context, instance.Uuid, new RebootInstanceRequest(RebootType.Hard)));

        var stored = await harness.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (stored.VmState, stored.TaskState));
    }

    [Fact]
    public async Task A_stop_whose_instance_a_delete_took_over_never_overwrites_deleting()
    {
        var (harness, instance) = await ActiveAsync();
        await using var _ = harness;
        var context = await BeginAsync(harness, instance, TaskState.PoweringOff, ActionNames.Stop);
        await harness.Stores.Instances.SetTaskStateAsync(instance.Uuid, TaskState.Deleting, [TaskState.PoweringOff]);

        await Assert.ThrowsAsync<UnexpectedDeletingTaskStateException>(() => harness.Manager.StopInstanceAsync(context, instance.Uuid, new StopInstanceRequest()));

        Assert.Equal(TaskState.Deleting, (await harness.Stores.Instances.GetAsync(instance.Uuid)).TaskState);
    }
}
