using Kumo.Db.Tests.Support;
using Kumo.Objects.Instances;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlInstanceSystemMetadataStoreTests
{
    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_guarded_write_lands_once_until_the_guard_is_emptied_again(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var store = db.Stores.InstanceSystemMetadata;
        var uuid = Guid.NewGuid();
        var other = Guid.NewGuid();
        var long1 = new string('x', 600);

        Assert.True(await store.TryUpdateWhileEmptyAsync(uuid, InstancePassword.FirstKey, InstancePassword.ToSystemMetadata(long1)));
        Assert.False(await store.TryUpdateWhileEmptyAsync(uuid, InstancePassword.FirstKey, InstancePassword.ToSystemMetadata("second")));
        Assert.Equal(long1, InstancePassword.Extract(await store.GetAsync(uuid)));
        Assert.Empty(await store.GetAsync(other));

        await store.UpdateAsync(uuid, InstancePassword.ToSystemMetadata(null));
        Assert.Null(InstancePassword.Extract(await store.GetAsync(uuid)));
        Assert.True(await store.TryUpdateWhileEmptyAsync(uuid, InstancePassword.FirstKey, InstancePassword.ToSystemMetadata("third")));
        var stored = await store.GetAsync(uuid);
        Assert.Equal("third", InstancePassword.Extract(stored));
        Assert.Equal(["", "", "", "third"], stored.Values.Order(StringComparer.Ordinal));
    }
}
