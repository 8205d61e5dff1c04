using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Kumo.Cli.Tests;

/// <summary>
/// `kumo serve` killed -9 with builds in flight (some spawning, some waiting for a build slot or a
/// host), then started again on the same state directory. Nova Zed measured on this machine: the
/// servers stay BUILD for as long as nova-compute is down, then ERROR without a fault, with the
/// allocation and the ports left behind. Here every one is final, with its fault, as soon as the
/// service answers, and nothing stays allocated.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Servers = 12;

    [Fact]
    public async Task Killed_mid_build_then_restarted_every_server_is_error_with_a_fault_within_10_s_and_nothing_is_left_allocated()
    {
        var stateDir = Directory.CreateTempSubdirectory("kumo-crash-").FullName;
        try
        {
            // Each spawn takes a minute: every build is still in flight when the service dies.
            var settings = new Dictionary<string, string> { ["KUMO__FAKE__SPAWNDELAY"] = "00:01:00" };
            List<string> ids;
            await using (var first = await ServeChild.StartAsync(stateDir, settings))
            {
                await first.LoginAsync();
                var image = await PrepareAsync(first);
                ids = [];
                for (var i = 0; i < Servers; i++)
                {
                    var created = await first.SendAsync(HttpMethod.Post, "/compute/v2.1/servers", new JsonObject
                    {
                        ["server"] = new JsonObject { ["name"] = $"crash-{i}", ["flavorRef"] = "1", ["imageRef"] = image.Image, ["networks"] = new JsonArray(new JsonObject { ["uuid"] = image.Network }) },
                    }, HttpStatusCode.Accepted);
                    ids.Add((string)created["server"]!["id"]!);
                }
                await WaitAsync(async () => (await first.ServersDetailAsync()).Count(s => (string?)s["OS-EXT-STS:task_state"] == "spawning") >= 5, "five builds spawning");
                await first.KillAsync();
            }

            var clock = Stopwatch.StartNew();
            await using var again = await ServeChild.StartAsync(stateDir, settings);
            var ready = clock.Elapsed;
            await again.LoginAsync();
            var servers = await again.ServersDetailAsync();
            var final = clock.Elapsed;

            Assert.Equal(ids.Order(), servers.Select(s => (string)s["id"]!).Order());
            Assert.All(servers, s =>
            {
                Assert.Equal("ERROR", (string?)s["status"]);
                Assert.Null(s["OS-EXT-STS:task_state"]);
                var message = (string?)s["fault"]?["message"];
                Assert.True(message is not null && message.Contains("restarted", StringComparison.Ordinal), s.ToJsonString());
            });
            Assert.True(final - ready < TimeSpan.FromSeconds(10), $"final {final.TotalSeconds:0.0} s after the start, ready at {ready.TotalSeconds:0.0} s");
            foreach (var id in ids)
            {
                var ports = await again.SendAsync(HttpMethod.Get, $"/network/v2.0/ports?device_id={id}");
                Assert.Empty(ports["ports"]!.AsArray());
            }
            var hypervisor = (await again.SendAsync(HttpMethod.Get, "/compute/v2.1/os-hypervisors/detail"))["hypervisors"]!.AsArray().Single()!;
            Assert.Equal((0, 0), ((int)hypervisor["vcpus_used"]!, (int)hypervisor["running_vms"]!));

            foreach (var id in ids)
            {
                await again.SendAsync(HttpMethod.Delete, $"/compute/v2.1/servers/{id}", expected: HttpStatusCode.NoContent);
            }
            await WaitAsync(async () => (await again.ServersDetailAsync()).Count == 0, "every server deleted");
            await again.AssertNoQuotaUsageAsync();
            await again.StopAsync();

            await ServeChild.AssertNothingAllocatedAsync(stateDir, ids);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private static async Task<(string Image, string Network)> PrepareAsync(ServeChild serve)
    {
        await serve.SendAsync(HttpMethod.Put, $"/compute/v2.1/os-quota-sets/{serve.ProjectId}",
            new JsonObject { ["quota_set"] = new JsonObject { ["instances"] = -1, ["cores"] = -1, ["ram"] = -1 } });
        var image = await serve.UploadImageAsync("crash-image");
        var network = (string)(await serve.SendAsync(HttpMethod.Post, "/network/v2.0/networks",
            new JsonObject { ["network"] = new JsonObject { ["name"] = "crash-net" } }, HttpStatusCode.Created))["network"]!["id"]!;
        await serve.SendAsync(HttpMethod.Post, "/network/v2.0/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = network, ["cidr"] = "10.77.0.0/24", ["ip_version"] = 4, ["enable_dhcp"] = false },
        }, HttpStatusCode.Created);
        return (image, network);
    }

    private static Task WaitAsync(Func<Task<bool>> condition, string what) => Eventually.WaitAsync(condition, what, TimeSpan.FromSeconds(60), 50);
}
