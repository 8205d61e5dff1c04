using Kumo.Db.Tests.Support;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Db.Tests.Stores;

/// <summary>SaveAsync with expected task states: one conditional UPDATE that writes all or nothing.</summary>
public sealed class InstanceCompareAndSetTests
{
    [Fact]
    public async Task Save_with_a_matching_expectation_succeeds()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = TestInstances.New(taskState: TaskState.Networking);
        await db.Stores.Instances.CreateAsync(instance);

        instance.TaskState = TaskState.Spawning;
        await db.Stores.Instances.SaveAsync(instance, [TaskState.Scheduling, TaskState.Networking]);

        Assert.Equal(TaskState.Spawning, (await db.Stores.Instances.GetAsync(instance.Uuid)).TaskState);
    }

    [Fact]
    public async Task Save_with_a_non_matching_expectation_throws_and_writes_nothing()
    {
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var instance = TestInstances.New(taskState: TaskState.BlockDeviceMapping);
        await store.CreateAsync(instance);
        var before = await store.GetAsync(instance.Uuid);
        db.Time.Advance();

        var changed = instance.Clone();
        changed.DisplayName = "changed";
        changed.VmState = VmState.Error;
        changed.TaskState = null;
        changed.PowerState = PowerState.Crashed;
        changed.Host = "elsewhere";
        changed.Flavor = TestInstances.Flavor("99", "other");
        var error = await Assert.ThrowsAsync<UnexpectedTaskStateException>(
            () => store.SaveAsync(changed, [TaskState.Spawning, TaskState.PoweringOff]));

        Assert.Equal(instance.Uuid, error.InstanceUuid);
        Assert.Equal(["spawning", "powering_off"], error.Expected);
        Assert.Equal("block_device_mapping", error.Actual);
        Assert.Equal(before.UpdatedAt, changed.UpdatedAt);
        InstanceAssert.Equal(before, await store.GetAsync(instance.Uuid));
    }

    [Fact]
    public async Task A_save_that_moves_the_host_writes_it_and_the_host_listing_follows()
    {
        // A save first tries an UPDATE that leaves host alone (so the indexes on it are not rewritten);
        // a host that changed must still land, with or without an expectation.
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var instance = TestInstances.New(host: null, taskState: TaskState.Scheduling);
        await store.CreateAsync(instance);

        instance.Host = "compute-1";
        instance.TaskState = TaskState.Networking;
        await store.SaveAsync(instance, [TaskState.Scheduling]);
        instance.TaskState = TaskState.Spawning;
        await store.SaveAsync(instance, [TaskState.Networking]);
        var saved = await store.GetAsync(instance.Uuid);
        Assert.Equal(("compute-1", TaskState.Spawning), (saved.Host, saved.TaskState));

        instance.Host = "compute-2";
        await store.SaveAsync(instance);

        Assert.Equal("compute-2", (await store.GetAsync(instance.Uuid)).Host);
        Assert.Empty(await store.ListAsync(host: "compute-1"));
        Assert.Equal([instance.Uuid], (await store.ListAsync(host: "compute-2")).Select(i => i.Uuid));
    }

    [Fact]
    public async Task Expecting_no_task_matches_only_a_null_task_state()
    {
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var idle = TestInstances.New(taskState: null);
        var busy = TestInstances.New(taskState: TaskState.Spawning);
        await store.CreateAsync(idle);
        await store.CreateAsync(busy);

        idle.TaskState = TaskState.PoweringOff;
        await store.SaveAsync(idle, [null]);
        busy.TaskState = TaskState.PoweringOff;
        var error = await Assert.ThrowsAsync<UnexpectedTaskStateException>(() => store.SaveAsync(busy, [null]));

        Assert.Equal(TaskState.PoweringOff, (await store.GetAsync(idle.Uuid)).TaskState);
        Assert.Equal(TaskState.Spawning, (await store.GetAsync(busy.Uuid)).TaskState);
        Assert.Equal(["none"], error.Expected);
        Assert.Equal("spawning", error.Actual);
    }

    [Fact]
    public async Task Expecting_a_state_or_no_task_matches_both()
    {
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var idle = TestInstances.New(taskState: null);
        var rebooting = TestInstances.New(taskState: TaskState.Rebooting);
        await store.CreateAsync(idle);
        await store.CreateAsync(rebooting);

        await store.SaveAsync(idle, [TaskState.Rebooting, null]);
        await store.SaveAsync(rebooting, [TaskState.Rebooting, null]);
    }

    [Fact]
    public async Task An_empty_expectation_matches_nothing()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = TestInstances.New(taskState: null);
        await db.Stores.Instances.CreateAsync(instance);

        var error = await Assert.ThrowsAsync<UnexpectedTaskStateException>(() => db.Stores.Instances.SaveAsync(instance, []));
        Assert.Empty(error.Expected);
        Assert.Null(error.Actual);
    }

    [Fact]
    public async Task Losing_against_a_delete_throws_unexpected_deleting_and_writes_nothing()
    {
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var instance = TestInstances.New(taskState: TaskState.Spawning);
        await store.CreateAsync(instance);
        var deleting = instance.Clone();
        deleting.TaskState = TaskState.Deleting;
        await store.SaveAsync(deleting);
        var before = await store.GetAsync(instance.Uuid);

        instance.VmState = VmState.Active;
        instance.TaskState = null;
        var error = await Assert.ThrowsAsync<UnexpectedDeletingTaskStateException>(() => store.SaveAsync(instance, [TaskState.Spawning]));

        Assert.Equal("deleting", error.Actual);
        Assert.Equal(["spawning"], error.Expected);
        InstanceAssert.Equal(before, await store.GetAsync(instance.Uuid));
    }

    [Fact]
    public async Task Expecting_deleting_may_overwrite_it()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = TestInstances.New(taskState: TaskState.Deleting);
        await db.Stores.Instances.CreateAsync(instance);

        instance.VmState = VmState.Error;
        instance.TaskState = null;
        await db.Stores.Instances.SaveAsync(instance, [TaskState.Deleting]);

        Assert.Equal(VmState.Error, (await db.Stores.Instances.GetAsync(instance.Uuid)).VmState);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Of_twenty_racing_saves_expecting_spawning_exactly_one_wins(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var instance = TestInstances.New(taskState: TaskState.Spawning);
        await db.Stores.Instances.CreateAsync(instance);
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var copy = instance.Clone();
            copy.TaskState = null;
            copy.VmState = VmState.Active;
            copy.Node = $"winner-{i}";
            start.Wait();
            try
            {
                await db.Stores.Instances.SaveAsync(copy, [TaskState.Spawning]);
                return (Won: true, Error: (UnexpectedTaskStateException?)null);
            }
            catch (UnexpectedTaskStateException e)
            {
                return (Won: false, Error: e);
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Won);
        Assert.All(results.Where(r => !r.Won), r => Assert.Null(r.Error!.Actual));
        var stored = await db.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Null(stored.TaskState);
        Assert.StartsWith("winner-", stored.Node);
    }

    [Fact]
    public async Task Setting_only_the_task_state_keeps_what_another_writer_saved_meanwhile()
    {
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var instance = TestInstances.New(taskState: TaskState.Spawning);
        await store.CreateAsync(instance);
        var staleApiCopy = await store.GetAsync(instance.Uuid);

        // The compute host finishes the build after the API read the row.
        instance.VmState = VmState.Active;
        instance.TaskState = null;
        instance.PowerState = PowerState.Running;
        instance.LaunchedAt = DateTimeOffset.UnixEpoch.AddDays(20000);
        await store.SaveAsync(instance, [TaskState.Spawning]);

        var marked = await store.SetTaskStateAsync(staleApiCopy.Uuid, TaskState.Deleting, TaskStates.AnyButDeleting);

        Assert.Equal((VmState.Active, TaskState.Deleting, PowerState.Running), (marked.VmState, marked.TaskState, marked.PowerState));
        Assert.Equal(instance.LaunchedAt, marked.LaunchedAt);
        await Assert.ThrowsAsync<UnexpectedDeletingTaskStateException>(() =>
            store.SetTaskStateAsync(instance.Uuid, TaskState.Deleting, TaskStates.AnyButDeleting));
    }
}
