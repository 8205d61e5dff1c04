using System.Text.Json.Nodes;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Notifications;

namespace Kumo.Db.Tests.Notifications;

public sealed class StoredNotifierTests
{
    [Fact]
    public async Task Notify_persists_and_stamps_an_unset_timestamp()
    {
        await using var db = await TestStores.OpenAsync();
        var now = db.Time.Advance();
        var stamped = ManualTimeProvider.Start.AddDays(-1);

        await db.Stores.Notifier.NotifyAsync(new Notification { EventType = "compute.instance.update", PublisherId = "compute.h", Payload = [] });
        await db.Stores.Notifier.NotifyAsync(new Notification { EventType = "compute.instance.exists", PublisherId = "compute.h", Payload = new JsonObject(), Timestamp = stamped });

        var stored = await db.Stores.Notifications.ListAsync("compute.instance.");
        Assert.Equal([now, stamped], stored.Select(n => n.Timestamp));
    }
}
