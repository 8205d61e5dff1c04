using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>POST /os-server-external-events: Nova's schema, admin only, per-event codes 200/404/422 and 200/207/404 overall.</summary>
public sealed class ServerExternalEventsTests() : ApiCloudTest(TestClients.Alice | TestClients.Admin)
{
    private static JsonObject Events(params JsonObject[] events) => new() { ["events"] = new JsonArray([.. events]) };

    private static JsonObject Plugged(string server, string? tag = "port-1", string? status = null)
    {
        var e = new JsonObject { ["server_uuid"] = server, ["name"] = "network-vif-plugged" };
        if (tag is not null)
        {
            e["tag"] = tag;
        }
        if (status is not null)
        {
            e["status"] = status;
        }
        return e;
    }

    /// <summary>A server recorded but never scheduled (no host yet), as one waiting for the scheduler is.</summary>
    private async Task<Guid> ServerWithoutHostAsync()
    {
        var instance = new Instance
        {
            Uuid = Guid.NewGuid(), DisplayName = "unscheduled", Hostname = "unscheduled", ProjectId = "p-project-a", UserId = "u-alice",
            ImageRef = Cloud.Image.Id, Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 },
        };
        await Cloud.Host.Shared.Stores.Instances.CreateAsync(instance);
        return instance.Uuid;
    }

    [Fact]
    public async Task An_event_for_a_server_on_a_host_is_accepted_and_reaches_its_compute_host()
    {
        var id = await Alice.CreateServerAsync(Cloud, "evented");
        await Alice.WaitForStatusAsync(id, "ACTIVE");

        var (status, body) = await Admin.SendAsync(HttpMethod.Post, "/os-server-external-events", Events(Plugged(id, status: "failed")));

        Assert.Equal(HttpStatusCode.OK, status);
        var e = Assert.Single(body!["events"]!.AsArray())!.AsObject();
        Assert.Equal(["server_uuid", "name", "status", "tag", "code"], e.Select(p => p.Key));
        Assert.Equal(200, (int)e["code"]!);
        Assert.Equal("completed", (string?)e["status"]);
        Assert.Equal("port-1", (string?)e["tag"]);
        var received = await WaitForReceivedAsync(Guid.Parse(id));
        Assert.Equal(("network-vif-plugged", "port-1", "failed", "compute-1", false),
            (received.Name, received.Tag, received.Status, received.Host, received.Expected));
    }

    [Fact]
    public async Task Events_for_unknown_servers_and_servers_without_a_host_answer_404_and_422_per_event()
    {
        var id = await Alice.CreateServerAsync(Cloud, "mixed");
        await Alice.WaitForStatusAsync(id, "ACTIVE");
        var unknown = Guid.NewGuid().ToString();
        var unscheduled = (await ServerWithoutHostAsync()).ToString();

        var (status, body) = await Admin.SendAsync(HttpMethod.Post, "/os-server-external-events",
            Events(Plugged(id), Plugged(unknown), Plugged(unscheduled, tag: null)));

        Assert.Equal((HttpStatusCode)207, status);
        var events = body!["events"]!.AsArray();
        Assert.Equal([200, 404, 422], events.Select(e => (int)e!["code"]!));
        Assert.Equal(["completed", "failed", "failed"], events.Select(e => (string?)e!["status"]));
        Assert.False(events[2]!.AsObject().ContainsKey("tag"));
    }

    [Fact]
    public async Task No_event_accepted_is_404()
    {
        var unscheduled = (await ServerWithoutHostAsync()).ToString();

        var (unknown, body) = await Admin.SendAsync(HttpMethod.Post, "/os-server-external-events", Events(Plugged(Guid.NewGuid().ToString())));
        var (noHost, _) = await Admin.SendAsync(HttpMethod.Post, "/os-server-external-events", Events(Plugged(unscheduled)));

        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("No instances found for any event", ServerCalls.Message(body));
        Assert.Equal(HttpStatusCode.NotFound, noHost);
        Assert.Empty(await Cloud.Host.Shared.Stores.InstanceExternalEvents.ListAsync(Guid.Parse(unscheduled)));
    }

    [Fact]
    public async Task Only_admins_may_send_events()
    {
        var id = await Alice.CreateServerAsync(Cloud, "not-yours");
        await Alice.WaitForStatusAsync(id, "ACTIVE");

        var (status, body) = await Alice.SendAsync(HttpMethod.Post, "/os-server-external-events", Events(Plugged(id)));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("os-server-external-events", ServerCalls.Message(body));
        Assert.Empty(await Cloud.Host.Shared.Stores.InstanceExternalEvents.ListAsync(Guid.Parse(id)));
    }

    [Theory]
    [InlineData("{}", "'events' is a required property")]
    [InlineData("{\"events\": []}", "events")]
    [InlineData("{\"events\": [{\"server_uuid\": \"SERVER\", \"name\": \"volume-extended\"}]}", "field/attribute name")]
    [InlineData("{\"events\": [{\"server_uuid\": \"SERVER\", \"name\": \"network-changed\", \"status\": \"done\"}]}", "field/attribute status")]
    [InlineData("{\"events\": [{\"server_uuid\": \"not-a-uuid\", \"name\": \"network-changed\"}]}", "field/attribute server_uuid")]
    [InlineData("{\"events\": [{\"name\": \"network-changed\"}]}", "'server_uuid' is a required property")]
    [InlineData("{\"events\": [{\"server_uuid\": \"SERVER\", \"name\": \"network-changed\", \"code\": 200}]}", "'code' was unexpected")]
    public async Task A_body_outside_Nova_s_schema_is_400_and_nothing_is_sent(string body, string expected)
    {
        var id = await Alice.CreateServerAsync(Cloud, "schema");
        await Alice.WaitForStatusAsync(id, "ACTIVE");

        var (status, error) = await Admin.SendAsync(HttpMethod.Post, "/os-server-external-events", body.Replace("SERVER", id));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, ServerCalls.Message(error));
        Assert.Empty(await Cloud.Host.Shared.Stores.InstanceExternalEvents.ListAsync(Guid.Parse(id)));
    }

    private async Task<Kumo.Objects.Events.ReceivedInstanceEvent> WaitForReceivedAsync(Guid uuid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var received = await Cloud.Host.Shared.Stores.InstanceExternalEvents.ListAsync(uuid);
            if (received.Count > 0)
            {
                return Assert.Single(received);
            }
            Assert.True(DateTime.UtcNow < deadline, "the compute host never received the event");
            await Task.Delay(10);
        }
    }
}
