using Kumo.Compute.Notifications;
using Kumo.Compute.Wrappers;
using Kumo.Db;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Compute.Tests.Wrappers;

/// <summary>The seed's decorators, each on its own and in Nova's order.</summary>
public sealed class OperationWrappersTests : IAsyncLifetime
{
    private KumoStores _stores = null!;
    private OperationWrappers _wrap = null!;
    private Instance _instance = null!;
    private readonly RequestContext _context = new("req-w", "u", "p");

    public async Task InitializeAsync()
    {
        _stores = await KumoStores.OpenInMemoryAsync();
        var options = new ComputeOptions { Host = "h1" };
        var notifier = new InstanceNotifier(_stores.Notifier, options, TimeProvider.System, NullLogger<InstanceNotifier>.Instance);
        _wrap = new OperationWrappers(_stores.Instances, _stores.InstanceActions, _stores.InstanceFaults, notifier, options,
            TimeProvider.System, NullLogger<OperationWrappers>.Instance);
        _instance = new Instance
        {
            Uuid = Guid.NewGuid(), DisplayName = "i", Hostname = "i", ProjectId = "p", UserId = "u", ImageRef = Guid.NewGuid(),
            Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 },
            Host = "h1", TaskState = TaskState.Spawning,
        };
        await _stores.Instances.CreateAsync(_instance);
        await _stores.InstanceActions.StartActionAsync(_instance.Uuid, ActionNames.Create, _context.RequestId, "u", "p");
    }

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private Operation Wrapped(Operation body) => body.With(
        _wrap.WrapException(_context, _instance, "create.error"),
        _wrap.RevertsTaskState(_context, _instance),
        _wrap.WrapInstanceEvent(_context, _instance, "compute_op"),
        _wrap.WrapInstanceFault(_context, _instance));

    [Fact]
    public async Task A_failure_records_fault_error_event_error_notification_and_reverts_the_task_state()
    {
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => Wrapped(() => throw new InvalidRequestException("bad thing"))());
        Assert.Equal("bad thing", ex.Message);

        var fault = await _stores.InstanceFaults.GetLatestAsync(_instance.Uuid);
        Assert.Equal((400, "bad thing", "h1"), (fault!.Code, fault.Message, fault.Host));
        Assert.Contains(nameof(InvalidRequestException), fault.Details);

        var action = (await _stores.InstanceActions.GetAsync(_instance.Uuid, _context.RequestId))!;
        Assert.Equal(ActionNames.ResultError, action.Message);
        var ev = Assert.Single(action.Events);
        Assert.Equal(("compute_op", ActionNames.ResultError), (ev.Event, ev.Result));
        Assert.NotNull(ev.FinishTime);

        var notification = Assert.Single(await _stores.Notifications.ListAsync("compute.instance.create.error", _instance.Uuid));
        Assert.Equal(400, notification.Payload["code"]!.GetValue<int>());
        Assert.Equal("compute.h1", notification.PublisherId);

        Assert.Null((await _stores.Instances.GetAsync(_instance.Uuid)).TaskState);
    }

    [Fact]
    public async Task Success_records_a_success_event_and_nothing_else()
    {
        var ran = false;
        await Wrapped(() => { ran = true; return Task.CompletedTask; })();

        Assert.True(ran);
        Assert.Null(await _stores.InstanceFaults.GetLatestAsync(_instance.Uuid));
        var ev = Assert.Single((await _stores.InstanceActions.GetAsync(_instance.Uuid, _context.RequestId))!.Events);
        Assert.Equal(ActionNames.ResultSuccess, ev.Result);
        Assert.Empty(await _stores.Notifications.ListAsync(instanceUuid: _instance.Uuid));
        Assert.Equal(TaskState.Spawning, (await _stores.Instances.GetAsync(_instance.Uuid)).TaskState);
    }

    [Fact]
    public async Task A_lost_compare_and_set_is_not_reverted_because_someone_else_owns_the_task_state_now()
    {
        var stored = await _stores.Instances.GetAsync(_instance.Uuid);
        stored.TaskState = TaskState.Deleting;
        await _stores.Instances.SaveAsync(stored);

        await Assert.ThrowsAsync<UnexpectedDeletingTaskStateException>(() => Wrapped(async () =>
        {
            _instance.TaskState = null;
            await _stores.Instances.SaveAsync(_instance, [TaskState.Spawning]);
        })());

        Assert.Equal(TaskState.Deleting, (await _stores.Instances.GetAsync(_instance.Uuid)).TaskState);
    }

    [Fact]
    public async Task A_vanished_instance_records_no_fault()
    {
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => Wrapped(() => throw new InstanceNotFoundException(_instance.Uuid))());
        Assert.Null(await _stores.InstanceFaults.GetLatestAsync(_instance.Uuid));
    }

    [Fact]
    public async Task A_failure_after_a_delete_claimed_the_instance_does_not_revert_deleting()
    {
        await Assert.ThrowsAsync<KumoException>(() => Wrapped(async () =>
        {
            // The API marks the instance deleting while this operation runs, then the operation fails.
            await _stores.Instances.SetTaskStateAsync(_instance.Uuid, TaskState.Deleting, TaskStates.AnyButDeleting);
            throw new KumoException("spawn failed");
        })());

        Assert.Equal(TaskState.Deleting, (await _stores.Instances.GetAsync(_instance.Uuid)).TaskState);
    }
}
