using Kumo.Db.Stores;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Instances;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlInstanceStoreListTests
{
    [Fact]
    public async Task Filters_sort_newest_first_and_page_after_the_marker_in_the_query()
    {
        await using var stores = await TestStores.OpenAsync();
        var made = new List<Instance>();
        for (var i = 0; i < 5; i++)
        {
            var instance = TestInstances.New();
            instance.DisplayName = $"s-{i}";
            await stores.Stores.Instances.CreateAsync(instance);
            made.Add(instance);
            stores.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var page = await stores.Stores.Instances.ListAsync(new InstanceFilter { Limit = 2 });
        Assert.Equal(["s-4", "s-3"], page.Select(i => i.DisplayName));
        var next = await stores.Stores.Instances.ListAsync(new InstanceFilter { Limit = 2, Marker = page[^1].Uuid });
        Assert.Equal(["s-2", "s-1"], next.Select(i => i.DisplayName));
        var named = await stores.Stores.Instances.ListAsync(new InstanceFilter { NameRegex = "[13]$", Limit = 1 });
        Assert.Equal(["s-3"], named.Select(i => i.DisplayName));
        await Assert.ThrowsAsync<MarkerNotFoundException>(() => stores.Stores.Instances.ListAsync(new InstanceFilter { Marker = Guid.NewGuid() }));
    }

    [Fact]
    public async Task User_field_updates_keep_what_the_compute_host_wrote_meanwhile()
    {
        await using var stores = await TestStores.OpenAsync();
        var instance = TestInstances.New();
        await stores.Stores.Instances.CreateAsync(instance);
        var hostCopy = await stores.Stores.Instances.GetAsync(instance.Uuid);

        await stores.Stores.Instances.UpdateUserFieldsAsync(instance.Uuid, i => i.Metadata["k"] = "v");
        hostCopy.PowerState = PowerState.Shutdown;
        await stores.Stores.Instances.SetTaskStateAsync(instance.Uuid, TaskState.PoweringOff, [null, .. Enum.GetValues<TaskState>().Cast<TaskState?>()]);

        var stored = await stores.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal("v", stored.Metadata["k"]);
        Assert.Equal(TaskState.PoweringOff, stored.TaskState);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stores.Stores.Instances.UpdateUserFieldsAsync(instance.Uuid, i =>
        {
            i.DisplayName = "half";
            throw new InvalidOperationException("refused");
        }));
        Assert.NotEqual("half", (await stores.Stores.Instances.GetAsync(instance.Uuid)).DisplayName);
    }
}
