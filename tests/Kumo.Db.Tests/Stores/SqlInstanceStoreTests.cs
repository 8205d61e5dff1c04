using Kumo.Db.Tests.Support;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlInstanceStoreTests
{
    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Create_then_get_round_trips_every_field(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var instance = TestInstances.New();

        await db.Stores.Instances.CreateAsync(instance);

        Assert.Equal(ManualTimeProvider.Start, instance.CreatedAt);
        Assert.Equal(ManualTimeProvider.Start, instance.UpdatedAt);
        InstanceAssert.Equal(instance, await db.Stores.Instances.GetAsync(instance.Uuid));
    }

    [Fact]
    public async Task Create_with_an_existing_uuid_is_rejected()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = TestInstances.New();
        await db.Stores.Instances.CreateAsync(instance);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => db.Stores.Instances.CreateAsync(instance));
        Assert.Contains(instance.Uuid.ToString(), error.Message);
    }

    [Fact]
    public async Task Get_of_an_unknown_uuid_throws_and_try_get_returns_null()
    {
        await using var db = await TestStores.OpenAsync();
        var uuid = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<InstanceNotFoundException>(() => db.Stores.Instances.GetAsync(uuid));
        Assert.Equal(uuid, error.InstanceUuid);
        Assert.Null(await db.Stores.Instances.TryGetAsync(uuid));
    }

    [Fact]
    public async Task List_filters_by_host_in_creation_order_and_skips_deleted()
    {
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var a1 = TestInstances.New("host-a");
        var b1 = TestInstances.New("host-b");
        var a2 = TestInstances.New("host-a");
        var gone = TestInstances.New("host-a");
        var unscheduled = TestInstances.New(host: null);
        foreach (var instance in new[] { a1, b1, a2, gone, unscheduled })
        {
            await store.CreateAsync(instance);
            db.Time.Advance();
        }
        await store.DestroyAsync(gone.Uuid);

        Assert.Equal([a1.Uuid, a2.Uuid], (await store.ListAsync("host-a")).Select(i => i.Uuid));
        Assert.Equal([b1.Uuid], (await store.ListAsync("host-b")).Select(i => i.Uuid));
        Assert.Equal([a1.Uuid, b1.Uuid, a2.Uuid, unscheduled.Uuid], (await store.ListAsync()).Select(i => i.Uuid));
        InstanceAssert.Equal(a2, (await store.ListAsync("host-a"))[1]);
    }

    [Fact]
    public async Task Save_writes_the_compute_fields_and_bumps_updated_at_but_never_the_users_fields()
    {
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var instance = TestInstances.New(host: null, taskState: TaskState.Scheduling);
        await store.CreateAsync(instance);
        var saved = db.Time.Advance(TimeSpan.FromMilliseconds(1.5));
        var created = await store.GetAsync(instance.Uuid);

        instance.VmState = VmState.Active;
        instance.TaskState = null;
        instance.PowerState = PowerState.Running;
        instance.Host = "compute-9";
        instance.Node = "compute-9.node";
        instance.LaunchedAt = saved;
        instance.TerminatedAt = saved.AddDays(1);
        // A stale copy's user fields and what the create fixed: none of it is written.
        instance.DisplayName = "renamed";
        instance.Hostname = "renamed-host";
        instance.Flavor = TestInstances.Flavor("43", "m1.bigger") with { Vcpus = 8 };
        instance.Description = "stale";
        instance.AccessIpV4 = "192.0.2.9";
        instance.Metadata["added"] = "yes";
        instance.Tags.Add("stale");
        await store.SaveAsync(instance);

        Assert.Equal(saved, instance.UpdatedAt);
        Assert.Equal(ManualTimeProvider.Start, instance.CreatedAt);
        var stored = await store.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Active, (TaskState?)null, PowerState.Running, "compute-9", "compute-9.node"),
            (stored.VmState, stored.TaskState, stored.PowerState, stored.Host, stored.Node));
        Assert.Equal((saved, saved.AddDays(1), saved), (stored.LaunchedAt!.Value, stored.TerminatedAt!.Value, stored.UpdatedAt));
        Assert.Equal((created.DisplayName, created.Hostname, created.Flavor, created.Description, created.AccessIpV4),
            (stored.DisplayName, stored.Hostname, stored.Flavor, stored.Description, stored.AccessIpV4));
        Assert.Equal(created.Metadata, stored.Metadata);
        Assert.Equal(created.Tags, stored.Tags);
    }

    [Fact]
    public async Task Save_of_an_unknown_instance_throws_not_found()
    {
        await using var db = await TestStores.OpenAsync();

        await Assert.ThrowsAsync<InstanceNotFoundException>(() => db.Stores.Instances.SaveAsync(TestInstances.New()));
    }

    [Fact]
    public async Task Destroy_soft_deletes_and_hides_the_instance_unless_read_deleted()
    {
        await using var db = await TestStores.OpenAsync();
        var store = db.Stores.Instances;
        var instance = TestInstances.New(taskState: TaskState.Deleting);
        await store.CreateAsync(instance);
        var destroyedAt = db.Time.Advance();

        await store.DestroyAsync(instance.Uuid);

        await Assert.ThrowsAsync<InstanceNotFoundException>(() => store.GetAsync(instance.Uuid));
        Assert.Null(await store.TryGetAsync(instance.Uuid));
        var deleted = await store.GetAsync(instance.Uuid, readDeleted: true);
        Assert.True(deleted.Deleted);
        Assert.Equal(VmState.Deleted, deleted.VmState);
        Assert.Null(deleted.TaskState);
        Assert.Equal(destroyedAt, deleted.DeletedAt);
        Assert.Equal(destroyedAt, deleted.TerminatedAt);
        Assert.Equal(destroyedAt, deleted.UpdatedAt);
        Assert.Equal(instance.DisplayName, deleted.DisplayName);
    }

    [Fact]
    public async Task Destroy_keeps_a_terminated_at_the_manager_already_set()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = TestInstances.New();
        instance.TerminatedAt = ManualTimeProvider.Start.AddMinutes(-5);
        await db.Stores.Instances.CreateAsync(instance);

        await db.Stores.Instances.DestroyAsync(instance.Uuid);

        Assert.Equal(instance.TerminatedAt, (await db.Stores.Instances.GetAsync(instance.Uuid, readDeleted: true)).TerminatedAt);
    }

    [Fact]
    public async Task Destroy_and_save_of_a_destroyed_instance_throw_not_found()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = TestInstances.New();
        await db.Stores.Instances.CreateAsync(instance);
        await db.Stores.Instances.DestroyAsync(instance.Uuid);

        await Assert.ThrowsAsync<InstanceNotFoundException>(() => db.Stores.Instances.DestroyAsync(instance.Uuid));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => db.Stores.Instances.SaveAsync(instance));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => db.Stores.Instances.SaveAsync(instance, [TaskState.Spawning]));
    }
}
