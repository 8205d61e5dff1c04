using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute.Servers;

public sealed class ServerActionsTests() : ApiCloudTest(TestClients.Alice | TestClients.Admin)
{
    private Task<(HttpStatusCode Status, JsonNode? Body)> ActAsync(string id, string action, JsonNode? argument, HttpClient? client = null) =>
        (client ?? Alice).SendAsync(HttpMethod.Post, $"/servers/{id}/action", new JsonObject { [action] = argument });

    private async Task<string> ActiveServerAsync(string name)
    {
        var id = await Alice.CreateServerAsync(Cloud, name);
        await Alice.WaitForStatusAsync(id, "ACTIVE");
        await Admin.WaitForActionAsync(id, "create");
        return id;
    }

    [Fact]
    public async Task Stop_then_start_go_through_the_host_and_are_recorded_with_events()
    {
        var id = await ActiveServerAsync("power");
        Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(id, "os-stop", null)).Status);
        var stopped = await Alice.WaitForStatusAsync(id, "SHUTOFF");
        Assert.Equal("stopped", (string?)stopped["OS-EXT-STS:vm_state"]);
        Assert.Equal(4, (int?)stopped["OS-EXT-STS:power_state"]);
        var stop = await Admin.WaitForActionAsync(id, "stop");
        Assert.Equal("compute_stop_instance", (string?)stop["events"]![0]!["event"]);
        Assert.Equal("Success", (string?)stop["events"]![0]!["result"]);
        Assert.Equal("u-alice", (string?)stop["user_id"]);

        Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(id, "os-start", null)).Status);
        var started = await Alice.WaitForStatusAsync(id, "ACTIVE");
        Assert.Equal(1, (int?)started["OS-EXT-STS:power_state"]);
        var start = await Admin.WaitForActionAsync(id, "start");
        Assert.Equal("compute_start_instance", (string?)start["events"]![0]!["event"]);

        var events = Cloud.Host.Shared.Stores.Notifications;
        var types = (await events.ListAsync()).Select(n => n.EventType).ToList();
        Assert.Contains("compute.instance.power_off.start", types);
        Assert.Contains("compute.instance.power_off.end", types);
        Assert.Contains("compute.instance.power_on.end", types);
    }

    [Theory]
    [InlineData("SOFT")]
    [InlineData("HARD")]
    public async Task Reboot_returns_the_server_to_ACTIVE_with_a_reboot_action(string type)
    {
        var id = await ActiveServerAsync("reboot-" + type);
        Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(id, "reboot", new JsonObject { ["type"] = type })).Status);
        var action = await Admin.WaitForActionAsync(id, "reboot");
        Assert.Equal("compute_reboot_instance", (string?)action["events"]![0]!["event"]);
        Assert.Equal("Success", (string?)action["events"]![0]!["result"]);
        await Alice.WaitForStatusAsync(id, "ACTIVE");
    }

    [Fact]
    public async Task An_action_the_state_does_not_allow_is_409_with_Novas_message_and_changes_nothing()
    {
        var id = await ActiveServerAsync("strict");
        var before = await Alice.ShowAsync(id);
        var (status, body) = await ActAsync(id, "os-start", null);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"Cannot 'start' instance {id} while it is in vm_state active", ServerCalls.Message(body));
        var after = await Alice.ShowAsync(id);
        Assert.Equal((string?)before["updated"], (string?)after["updated"]);
        Assert.Null(after["OS-EXT-STS:task_state"]);

        Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(id, "os-stop", null)).Status);
        await Alice.WaitForStatusAsync(id, "SHUTOFF");
        await Admin.WaitForActionAsync(id, "stop");
        var (again, againBody) = await ActAsync(id, "os-stop", null);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal($"Cannot 'stop' instance {id} while it is in vm_state stopped", ServerCalls.Message(againBody));
        var (soft, softBody) = await ActAsync(id, "reboot", new JsonObject { ["type"] = "SOFT" });
        Assert.Equal(HttpStatusCode.Conflict, soft);
        Assert.Contains("Cannot 'reboot'", ServerCalls.Message(softBody));

        var (_, actions) = await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions");
        Assert.Equal(["stop", "create"], actions!["instanceActions"]!.AsArray().Select(a => (string)a!["action"]!));
        Assert.Equal("SHUTOFF", (string?)(await Alice.ShowAsync(id))["status"]);
    }

    [Theory]
    [InlineData("rebuild", """{"imageRef": "IMAGE"}""")]
    [InlineData("restore", "null")]
    [InlineData("os-stop", "null")]
    [InlineData("no-such-action", "null")]
    public async Task Any_action_on_a_missing_or_deleted_server_is_404(string action, string argument)
    {
        var deleted = await ActiveServerAsync("gone");
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.SendAsync(HttpMethod.Delete, "/servers/" + deleted)).Status);
        await Alice.WaitForGoneAsync(deleted);
        var node = JsonNode.Parse(argument.Replace("IMAGE", Cloud.Image.Id.ToString()));
        foreach (var id in new[] { Guid.NewGuid().ToString(), deleted })
        {
            var (status, error) = await ActAsync(id, action, node?.DeepClone());
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal($"Instance {id} could not be found.", ServerCalls.Message(error));
        }
    }

    [Fact]
    public async Task Restore_of_a_server_that_is_not_soft_deleted_is_409_and_an_unimplemented_action_400()
    {
        var id = await ActiveServerAsync("alive");
        var (status, error) = await ActAsync(id, "restore", null);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"Cannot 'restore' instance {id} while it is in vm_state active", ServerCalls.Message(error));

        (status, error) = await ActAsync(id, "rebuild", new JsonObject { ["imageRef"] = Cloud.Image.Id.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("There is no such action: rebuild", ServerCalls.Message(error));
        Assert.Equal("ACTIVE", (string?)(await Alice.ShowAsync(id))["status"]);
    }

    [Fact]
    public async Task A_server_still_building_refuses_stop_with_409()
    {
        var gate = new TaskCompletionSource();
        Cloud.Driver.Behaviour.SpawnGate = gate.Task;
        try
        {
            var id = await Alice.CreateServerAsync(Cloud, "slow");
            var (status, body) = await ActAsync(id, "os-stop", null);
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Contains("vm_state building", ServerCalls.Message(body));
            var (metaStatus, metaBody) = await Alice.SendAsync(HttpMethod.Post, $"/servers/{id}/metadata", new JsonObject { ["metadata"] = new JsonObject { ["a"] = "b" } });
            Assert.Equal(HttpStatusCode.Conflict, metaStatus);
            Assert.Contains("Cannot 'update metadata'", ServerCalls.Message(metaBody));
            gate.SetResult();
            var shown = await Alice.WaitForStatusAsync(id, "ACTIVE");
            Assert.Empty(shown["metadata"]!.AsObject());
        }
        finally
        {
            gate.TrySetResult();
            Cloud.Driver.Behaviour.SpawnGate = null;
        }
    }

    [Fact]
    public async Task Console_output_returns_the_guests_log_and_its_last_lines()
    {
        var id = await ActiveServerAsync("talkative");
        var (status, body) = await ActAsync(id, "os-getConsoleOutput", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("KUMO-GUEST-UP", (string?)body!["output"]);
        var (_, one) = await ActAsync(id, "os-getConsoleOutput", new JsonObject { ["length"] = 1 });
        Assert.DoesNotContain("\n", ((string?)one!["output"])!.TrimEnd('\n'));
        var (bad, error) = await ActAsync(id, "os-getConsoleOutput", new JsonObject { ["length"] = "many" });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("length", ServerCalls.Message(error));
    }

    [Fact]
    public async Task Force_delete_removes_a_server_in_any_state()
    {
        var id = await ActiveServerAsync("forced");
        Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(id, "os-stop", null)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(id, "forceDelete", null)).Status);
        await Alice.WaitForGoneAsync(id);
    }

    [Theory]
    [InlineData("{\"reboot\": {\"type\": \"GENTLE\"}}", "type")]
    [InlineData("{\"reboot\": {}}", "'type' is a required property")]
    [InlineData("{\"reboot\": {\"type\": \"SOFT\", \"force\": true}}", "'force' was unexpected")]
    [InlineData("{\"os-stop\": {\"now\": 1}}", "os-stop")]
    [InlineData("{\"os-fly\": null}", "os-fly")]
    [InlineData("{}", "empty")]
    [InlineData("{\"os-stop\": null, \"os-start\": null}", "exactly one")]
    [InlineData("not json", "Malformed")]
    public async Task A_malformed_action_is_400_and_changes_nothing(string body, string expected)
    {
        var id = await ActiveServerAsync("picky");
        var (status, error) = await Alice.SendAsync(HttpMethod.Post, $"/servers/{id}/action", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, ServerCalls.Message(error));
        var (_, actions) = await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions");
        Assert.Single(actions!["instanceActions"]!.AsArray());
        Assert.Equal("ACTIVE", (string?)(await Alice.ShowAsync(id))["status"]);
    }

    [Fact]
    public async Task A_reader_cannot_act_and_members_see_actions_without_events()
    {
        var id = await ActiveServerAsync("watched");
        var reader = await Cloud.ClientAsync("project-a", "rita", "reader");
        var (status, body) = await ActAsync(id, "os-stop", null, reader);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("os_compute_api:servers:stop", ServerCalls.Message(body));

        var (_, list) = await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions");
        var create = list!["instanceActions"]![0]!.AsObject();
        Assert.Equal(["action", "instance_uuid", "message", "project_id", "request_id", "start_time", "user_id"], create.Select(p => p.Key).Order(StringComparer.Ordinal));
        var (_, shown) = await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions/{create["request_id"]}");
        Assert.False(shown!["instanceAction"]!.AsObject().ContainsKey("events"));
        var (missing, _) = await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions/req-nope");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }
}
