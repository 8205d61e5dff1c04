using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Kumo.Db;
using Xunit.Abstractions;

namespace Kumo.Cli.Tests;

/// <summary>
/// The fake-driver soak: 500 servers through the REST API of `kumo serve` in its own process, created,
/// acted on at random (stop, start, soft and hard reboot) and deleted by parallel workers, so that
/// creates, actions and deletes of different servers overlap all the time. Every create ends ACTIVE
/// or ERROR with a fault, every action completes or is refused with 409 for the state it found, every
/// delete completes; then nothing is left (servers, ports, allocations, hypervisor and quota usage)
/// and the service's open file descriptors are back where they started (but for the database's read
/// connection pool, bounded by how many reads ran at once). Memory and descriptors are printed.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Servers = 500;
    private const int Workers = 16;
    private static readonly string[] _actions = ["stop", "start", "reboot-soft", "reboot-hard"];

    [Fact]
    public async Task Five_hundred_servers_with_random_actions_leave_nothing_and_no_file_descriptor_behind_but_the_database_pool()
    {
        var stateDir = Directory.CreateTempSubdirectory("kumo-soak-").FullName;
        try
        {
            await using var serve = await ServeChild.StartAsync(stateDir, new Dictionary<string, string> { ["KUMO__FAKE__SPAWNDELAY"] = "00:00:00.02" });
            await serve.LoginAsync();
            await serve.SendAsync(HttpMethod.Put, $"/compute/v2.1/os-quota-sets/{serve.ProjectId}",
                new JsonObject { ["quota_set"] = new JsonObject { ["instances"] = -1, ["cores"] = -1, ["ram"] = -1 } });
            var image = await serve.UploadImageAsync("soak-image");
            var network = (string)(await serve.SendAsync(HttpMethod.Post, "/network/v2.0/networks",
                new JsonObject { ["network"] = new JsonObject { ["name"] = "soak-net" } }, HttpStatusCode.Created))["network"]!["id"]!;
            await serve.SendAsync(HttpMethod.Post, "/network/v2.0/subnets", new JsonObject
            {
                ["subnet"] = new JsonObject { ["network_id"] = network, ["cidr"] = "10.88.0.0/22", ["ip_version"] = 4, ["enable_dhcp"] = false },
            }, HttpStatusCode.Created);
            var soak = new Soak(serve, image, network);
            await soak.LifecycleAsync(-1); // warm-up: JIT, pools, the first connection
            var (fdsBefore, rssBefore) = (serve.OpenFileDescriptors(), serve.ResidentMb());
            var targetsBefore = serve.FileDescriptorTargets();
            var clock = Stopwatch.StartNew();

            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < Servers; i = Interlocked.Increment(ref next))
                {
                    await soak.LifecycleAsync(i);
                }
            }));

            var elapsed = clock.Elapsed;
            // The workers' idle keep-alive connections close after a second (each is an fd in the service too).
            var settle = Stopwatch.StartNew();
            while (serve.FileDescriptorTargets().Count(t => !IsDatabase(t)) > targetsBefore.Count(t => !IsDatabase(t)) && settle.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }
            var (fdsAfter, rssAfter) = (serve.OpenFileDescriptors(), serve.ResidentMb());
            var targetsAfter = serve.FileDescriptorTargets();
            output.WriteLine($"{Servers} servers in {elapsed.TotalSeconds:0.0} s: {soak.Active} ACTIVE, {soak.Errors} ERROR with a fault, "
                + $"{soak.Completed} actions completed, {soak.Refused} refused with 409");
            output.WriteLine($"kumo serve: fds {fdsBefore} -> {fdsAfter}, RSS {rssBefore:0} -> {rssAfter:0} MiB");
            var added = serve.FileDescriptorTargets().GroupBy(Kind).Select(g => (g.Key, g.Count() - targetsBefore.Count(t => Kind(t) == g.Key))).Where(d => d.Item2 != 0);
            output.WriteLine("fds added: " + string.Join(", ", added.Select(d => $"{d.Key} {d.Item2:+0;-0}")));
            var leaks = await soak.LeftoverAsync();
            await serve.StopAsync();
            await using (var stores = await KumoStores.OpenSqliteAsync(Path.Combine(stateDir, "kumo.db")))
            {
                leaks += (await stores.Placement.ListProvidersAsync()).Sum(p => p.Inventories.Values.Sum(i => i.Used));
            }
            output.WriteLine($"reliability.soak_leaks: {leaks}");
            Assert.Equal(0, leaks);
            Assert.Equal(Servers + 1, soak.Active + soak.Errors); // with the warm-up's
            // Microsoft.Data.Sqlite's read pool keeps one connection (the file and its -wal) per reader that
            // ran at once: bounded by the concurrency, not by the servers made. Everything else is back.
            Assert.InRange(targetsAfter.Count(t => !IsDatabase(t)), 0, targetsBefore.Count(t => !IsDatabase(t)) + 2);
            Assert.InRange(targetsAfter.Count(IsDatabase), 0, targetsBefore.Count(IsDatabase) + 2 * (Workers + 4));
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    /// <summary>socket, anon_inode:[eventpoll] …, or the path without the state directory's random part.</summary>
    private static string Kind(string target) => target.StartsWith("socket:", StringComparison.Ordinal) ? "socket"
        : target.StartsWith('/') ? Path.GetFileName(target) : target;

    private static bool IsDatabase(string target) => Path.GetFileName(target) is "kumo.db" or "kumo.db-wal" or "kumo.db-shm";

    private sealed class Soak(ServeChild serve, string image, string network)
    {
        private int _active;
        private int _errors;
        private int _completed;
        private int _refused;

        public int Active => _active;
        public int Errors => _errors;
        public int Completed => _completed;
        public int Refused => _refused;

        /// <summary>One server: create, settle, two random actions, delete.</summary>
        public async Task LifecycleAsync(int index)
        {
            var created = await serve.SendAsync(HttpMethod.Post, "/compute/v2.1/servers", new JsonObject
            {
                ["server"] = new JsonObject { ["name"] = $"soak-{index}", ["flavorRef"] = "1", ["imageRef"] = image, ["networks"] = new JsonArray(new JsonObject { ["uuid"] = network }) },
            }, HttpStatusCode.Accepted);
            var id = (string)created["server"]!["id"]!;
            var server = await SettledAsync(id);
            if ((string?)server["status"] == "ERROR")
            {
                Assert.True(server["fault"]?["message"] is not null, $"ERROR without a fault: {server.ToJsonString()}");
                Interlocked.Increment(ref _errors);
            }
            else
            {
                Assert.Equal("ACTIVE", (string?)server["status"]);
                Interlocked.Increment(ref _active);
                for (var i = 0; i < 2; i++)
                {
                    await ActAsync(id, _actions[Random.Shared.Next(_actions.Length)]);
                }
            }
            await serve.SendAsync(HttpMethod.Delete, $"/compute/v2.1/servers/{id}", expected: HttpStatusCode.NoContent);
            await WaitAsync(async () => (await serve.TrySendAsync(HttpMethod.Get, $"/compute/v2.1/servers/{id}")).Status == HttpStatusCode.NotFound, $"{id} deleted");
        }

        private async Task ActAsync(string id, string action)
        {
            JsonObject body = action switch
            {
                "stop" => new JsonObject { ["os-stop"] = null },
                "start" => new JsonObject { ["os-start"] = null },
                "reboot-soft" => new JsonObject { ["reboot"] = new JsonObject { ["type"] = "SOFT" } },
                _ => new JsonObject { ["reboot"] = new JsonObject { ["type"] = "HARD" } },
            };
            var (status, text) = await serve.TrySendAsync(HttpMethod.Post, $"/compute/v2.1/servers/{id}/action", body);
            if (status == HttpStatusCode.Conflict)
            {
                Interlocked.Increment(ref _refused);
                return;
            }
            Assert.True(status == HttpStatusCode.Accepted, $"{action} of {id}: {(int)status} {text}");
            var expected = action == "stop" ? "SHUTOFF" : "ACTIVE";
            var server = await SettledAsync(id);
            Assert.True((string?)server["status"] == expected, $"{action} of {id} ended {server["status"]}: {server.ToJsonString()}");
            Interlocked.Increment(ref _completed);
        }

        private async Task<JsonObject> SettledAsync(string id)
        {
            JsonObject? server = null;
            await WaitAsync(async () =>
            {
                server = (await serve.SendAsync(HttpMethod.Get, $"/compute/v2.1/servers/{id}"))["server"]!.AsObject();
                return server["OS-EXT-STS:task_state"] is null && (string?)server["status"] is not "BUILD";
            }, $"{id} settled");
            return server!;
        }

        /// <summary>Servers, ports on the soak's network, hypervisor usage and quota usage still counted.</summary>
        public async Task<int> LeftoverAsync()
        {
            var servers = (await serve.SendAsync(HttpMethod.Get, "/compute/v2.1/servers"))["servers"]!.AsArray().Count;
            var ports = (await serve.SendAsync(HttpMethod.Get, $"/network/v2.0/ports?network_id={network}"))["ports"]!.AsArray().Count;
            var hypervisor = (await serve.SendAsync(HttpMethod.Get, "/compute/v2.1/os-hypervisors/detail"))["hypervisors"]!.AsArray().Single()!;
            var quota = (await serve.SendAsync(HttpMethod.Get, $"/compute/v2.1/os-quota-sets/{serve.ProjectId}/detail"))["quota_set"]!;
            return servers + ports + (int)hypervisor["vcpus_used"]! + (int)hypervisor["running_vms"]!
                + (int)quota["instances"]!["in_use"]! + (int)quota["cores"]!["in_use"]! + (int)quota["ram"]!["in_use"]!;
        }

        private static Task WaitAsync(Func<Task<bool>> condition, string what) => Eventually.WaitAsync(condition, what, TimeSpan.FromSeconds(60), 25);
    }
}
