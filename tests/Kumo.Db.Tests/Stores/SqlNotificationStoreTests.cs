using System.Text.Json.Nodes;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Notifications;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlNotificationStoreTests
{
    private static Notification Note(string eventType, JsonObject? payload = null) => new()
    {
        EventType = eventType,
        PublisherId = "compute.compute-1",
        Priority = NotificationPriority.Info,
        Payload = payload ?? [],
        RequestId = "req-1",
        Timestamp = ManualTimeProvider.Start,
    };

    [Fact]
    public async Task Notifications_round_trip_in_the_order_they_were_stored()
    {
        await using var db = await TestStores.OpenAsync();
        var later = Note("compute.instance.create.start", new JsonObject { ["instance_id"] = Guid.NewGuid().ToString(), ["nested"] = new JsonObject { ["n"] = 1 } })
            with { Priority = NotificationPriority.Error, Timestamp = ManualTimeProvider.Start.AddHours(1) };
        var earlier = Note("compute.instance.create.end");

        await db.Stores.Notifications.AddAsync(later);
        await db.Stores.Notifications.AddAsync(earlier);

        var listed = await db.Stores.Notifications.ListAsync();
        Assert.Equal([later.MessageId, earlier.MessageId], listed.Select(n => n.MessageId));
        Assert.Equal((later.EventType, later.PublisherId, later.Priority, later.RequestId, later.Timestamp),
            (listed[0].EventType, listed[0].PublisherId, listed[0].Priority, listed[0].RequestId, listed[0].Timestamp));
        Assert.Equal(later.Payload.ToJsonString(), listed[0].Payload.ToJsonString());
    }

    [Fact]
    public async Task The_prefix_filter_is_exact_and_case_sensitive()
    {
        await using var db = await TestStores.OpenAsync();
        foreach (var type in new[] { "compute.instance.power_off.start", "compute.instance.powerXoff.start", "compute.instance.power_off.end", "Compute.instance.power_off.start", "compute.instance.create.start", "compute*weird[1]?.x" })
        {
            await db.Stores.Notifications.AddAsync(Note(type));
        }

        var powerOff = await db.Stores.Notifications.ListAsync("compute.instance.power_off");
        var weird = await db.Stores.Notifications.ListAsync("compute*weird[1]?");

        Assert.Equal(["compute.instance.power_off.start", "compute.instance.power_off.end"], powerOff.Select(n => n.EventType));
        Assert.Equal(["compute*weird[1]?.x"], weird.Select(n => n.EventType));
        Assert.Equal(6, (await db.Stores.Notifications.ListAsync("")).Count);
    }

    [Fact]
    public async Task The_instance_filter_uses_the_payloads_instance_id_or_instance_uuid()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = Guid.NewGuid();
        await db.Stores.Notifications.AddAsync(Note("compute.instance.create.start", new JsonObject { ["instance_id"] = instance.ToString() }));
        await db.Stores.Notifications.AddAsync(Note("compute.instance.create.end", new JsonObject { ["instance_uuid"] = instance.ToString().ToUpperInvariant() }));
        await db.Stores.Notifications.AddAsync(Note("compute.instance.create.end", new JsonObject { ["instance_id"] = Guid.NewGuid().ToString() }));
        await db.Stores.Notifications.AddAsync(Note("compute.instance.create.end", new JsonObject { ["instance_id"] = 42 }));
        await db.Stores.Notifications.AddAsync(Note("service.update"));

        var ofInstance = await db.Stores.Notifications.ListAsync(instanceUuid: instance);
        var endsOfInstance = await db.Stores.Notifications.ListAsync("compute.instance.create.end", instance);

        Assert.Equal(["compute.instance.create.start", "compute.instance.create.end"], ofInstance.Select(n => n.EventType));
        Assert.Single(endsOfInstance);
    }
}
