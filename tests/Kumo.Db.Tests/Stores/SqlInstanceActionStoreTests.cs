using Kumo.Db.Stores;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Actions;
using Kumo.Objects.Errors;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlInstanceActionStoreTests
{
    private readonly Guid _instance = Guid.NewGuid();

    [Fact]
    public async Task An_action_records_its_events_with_times_and_results()
    {
        await using var db = await TestStores.OpenAsync();
        var actions = db.Stores.InstanceActions;

        var started = await actions.StartActionAsync(_instance, ActionNames.Create, "req-1", "user-a", "project-a");
        var evt = await actions.StartEventAsync(_instance, "req-1", "compute__do_build_and_run_instance", "compute-1");
        var finished = db.Time.Advance();
        await actions.FinishEventAsync(_instance, "req-1", "compute__do_build_and_run_instance", ActionNames.ResultSuccess, null, null);
        await actions.FinishActionAsync(_instance, "req-1");

        var stored = await actions.GetAsync(_instance, "req-1");
        Assert.NotNull(stored);
        Assert.Equal(started.Id, stored.Id);
        Assert.Equal((ActionNames.Create, "req-1", "user-a", "project-a"), (stored.Action, stored.RequestId, stored.UserId, stored.ProjectId));
        Assert.Equal(ManualTimeProvider.Start, stored.StartTime);
        Assert.Equal(finished, stored.FinishTime);
        Assert.Null(stored.Message);
        var storedEvent = Assert.Single(stored.Events);
        Assert.Equal(evt with { FinishTime = finished, Result = ActionNames.ResultSuccess }, storedEvent);
        Assert.Equal("compute-1", storedEvent.Host);
    }

    [Fact]
    public async Task Steps_finished_with_an_event_are_stored_with_their_own_times_and_a_failed_step_alone_does_not_mark_the_action()
    {
        await using var db = await TestStores.OpenAsync();
        var actions = db.Stores.InstanceActions;
        await actions.StartActionAsync(_instance, ActionNames.Create, "req-s", "user-a", "project-a");
        await actions.StartEventAsync(_instance, "req-s", "compute_build_and_run_instance", "compute-1");
        var t0 = ManualTimeProvider.Start;
        InstanceActionEvent[] steps =
        [
            new() { Event = "compute_build_claim", StartTime = t0.AddTicks(10), FinishTime = t0.AddTicks(25), Result = ActionNames.ResultSuccess, Host = "compute-1" },
            new() { Event = "compute_build_vif_plugged_wait", StartTime = t0.AddTicks(30), FinishTime = t0.AddTicks(90), Result = ActionNames.ResultError, Host = "compute-1" },
        ];
        await actions.FinishEventAsync(_instance, "req-s", "compute_build_and_run_instance", ActionNames.ResultSuccess, null, null, steps);

        var stored = await actions.GetAsync(_instance, "req-s");
        Assert.NotNull(stored);
        Assert.Null(stored.Message);
        Assert.Equal(["compute_build_vif_plugged_wait", "compute_build_claim", "compute_build_and_run_instance"], stored.Events.Select(e => e.Event));
        Assert.Equal(steps[0], stored.Events[1] with { Id = 0 });
        Assert.Equal(steps[1], stored.Events[0] with { Id = 0 });
        Assert.Equal(ActionNames.ResultSuccess, stored.Events[2].Result);
    }

    [Fact]
    public async Task An_error_event_marks_the_action_message_error()
    {
        await using var db = await TestStores.OpenAsync();
        var actions = db.Stores.InstanceActions;
        await actions.StartActionAsync(_instance, ActionNames.Create, "req-1", null, null);
        await actions.StartEventAsync(_instance, "req-1", "compute__do_build_and_run_instance", "compute-1");

        await actions.FinishEventAsync(_instance, "req-1", "compute__do_build_and_run_instance", ActionNames.ResultError, "Traceback: boom", "BuildAbortedException");

        var stored = await actions.GetAsync(_instance, "req-1");
        Assert.Equal("Error", stored!.Message);
        var evt = Assert.Single(stored.Events);
        Assert.Equal((ActionNames.ResultError, "Traceback: boom", "BuildAbortedException"), (evt.Result, evt.Traceback, evt.Details));
    }

    [Fact]
    public async Task List_is_newest_first_with_each_actions_events_newest_first()
    {
        await using var db = await TestStores.OpenAsync();
        var actions = db.Stores.InstanceActions;
        await actions.StartActionAsync(_instance, ActionNames.Create, "req-1", null, null);
        await actions.StartEventAsync(_instance, "req-1", "build", null);
        db.Time.Advance();
        await actions.StartEventAsync(_instance, "req-1", "spawn", null);
        db.Time.Advance();
        await actions.StartActionAsync(_instance, ActionNames.Stop, "req-2", null, null);
        await actions.StartEventAsync(_instance, "req-2", "stop_instance", null);
        await actions.StartActionAsync(Guid.NewGuid(), ActionNames.Create, "req-3", null, null);

        var listed = await actions.ListAsync(_instance);

        Assert.Equal(["req-2", "req-1"], listed.Select(a => a.RequestId));
        Assert.Equal(["stop_instance"], listed[0].Events.Select(e => e.Event));
        Assert.Equal(["spawn", "build"], listed[1].Events.Select(e => e.Event));
    }

    [Fact]
    public async Task Starting_the_same_request_again_returns_the_existing_action()
    {
        await using var db = await TestStores.OpenAsync();
        var first = await db.Stores.InstanceActions.StartActionAsync(_instance, ActionNames.Create, "req-1", "u", "p");
        db.Time.Advance();

        var again = await db.Stores.InstanceActions.StartActionAsync(_instance, ActionNames.Create, "req-1", "u", "p");

        Assert.Equal(first with { Events = again.Events }, again);
        Assert.Single(await db.Stores.InstanceActions.ListAsync(_instance));
    }

    [Fact]
    public async Task Events_of_an_unknown_action_throw()
    {
        await using var db = await TestStores.OpenAsync();
        var actions = db.Stores.InstanceActions;

        var error = await Assert.ThrowsAsync<InstanceActionNotFoundException>(() => actions.StartEventAsync(_instance, "req-x", "build", null));
        Assert.IsAssignableFrom<KumoException>(error);
        await Assert.ThrowsAsync<InstanceActionNotFoundException>(() => actions.FinishEventAsync(_instance, "req-x", "build", "Success", null, null));
        await Assert.ThrowsAsync<InstanceActionNotFoundException>(() => actions.FinishActionAsync(_instance, "req-x"));
        Assert.Null(await actions.GetAsync(_instance, "req-x"));
    }

    [Fact]
    public async Task Finishing_an_event_that_never_started_throws_and_leaves_the_action_alone()
    {
        await using var db = await TestStores.OpenAsync();
        var actions = db.Stores.InstanceActions;
        await actions.StartActionAsync(_instance, ActionNames.Create, "req-1", null, null);

        await Assert.ThrowsAsync<InstanceActionEventNotFoundException>(() => actions.FinishEventAsync(_instance, "req-1", "never", "Error", null, null));

        Assert.Null((await actions.GetAsync(_instance, "req-1"))!.Message);
    }

    [Fact]
    public async Task A_repeated_event_name_finishes_the_newest_unfinished_one()
    {
        await using var db = await TestStores.OpenAsync();
        var actions = db.Stores.InstanceActions;
        await actions.StartActionAsync(_instance, ActionNames.Reboot, "req-1", null, null);
        var first = await actions.StartEventAsync(_instance, "req-1", "reboot", null);
        await actions.FinishEventAsync(_instance, "req-1", "reboot", "Error", null, null);
        var second = await actions.StartEventAsync(_instance, "req-1", "reboot", null);

        await actions.FinishEventAsync(_instance, "req-1", "reboot", "Success", null, null);

        var events = (await actions.GetAsync(_instance, "req-1"))!.Events.ToDictionary(e => e.Id);
        Assert.Equal("Error", events[first.Id].Result);
        Assert.Equal("Success", events[second.Id].Result);
    }
}
