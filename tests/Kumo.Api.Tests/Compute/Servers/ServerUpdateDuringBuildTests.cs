using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Virt.Fake;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>
/// PUT /servers/{id} is allowed in any state (Nova's update has no state check), so a rename can land
/// while the compute host holds a copy of the instance it read before: its later saves must keep it.
/// </summary>
public sealed class ServerUpdateDuringBuildTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _spawn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ApiCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ApiCloud.StartAsync(new FakeDriverBehaviour { SpawnGate = _spawn.Task });

    public async Task DisposeAsync()
    {
        _spawn.TrySetResult();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task A_rename_while_the_build_is_spawning_survives_the_builds_saves()
    {
        var alice = await _cloud.ClientAsync("project-a", "alice");
        var admin = await _cloud.AdminClientAsync();
        var id = await alice.CreateServerAsync(_cloud, "before");
        await WaitForTaskStateAsync(alice, id, "spawning");

        var (status, updated) = await alice.SendAsync(HttpMethod.Put, "/servers/" + id, new JsonObject
        {
            ["server"] = new JsonObject { ["name"] = "after", ["accessIPv4"] = "192.0.2.10", ["description"] = "renamed while building" },
        }, "2.19");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("after", (string?)updated!["server"]!["name"]);
        Assert.Equal("BUILD", (string?)updated["server"]!["status"]);

        _spawn.SetResult();
        await alice.WaitForStatusAsync(id, "ACTIVE");
        await admin.WaitForActionAsync(id, "create");

        var shown = await alice.ShowAsync(id, "2.19");
        Assert.Equal("ACTIVE", (string?)shown["status"]);
        Assert.Equal("after", (string?)shown["name"]);
        Assert.Equal("192.0.2.10", (string?)shown["accessIPv4"]);
        Assert.Equal("renamed while building", (string?)shown["description"]);
        Assert.NotNull((string?)shown["OS-SRV-USG:launched_at"]);
    }

    private static async Task WaitForTaskStateAsync(HttpClient client, string id, string taskState)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((string?)(await client.ShowAsync(id))["OS-EXT-STS:task_state"] != taskState)
        {
            Assert.True(DateTime.UtcNow < deadline, $"server {id} never reached task state {taskState}");
            await Task.Delay(10);
        }
    }
}
