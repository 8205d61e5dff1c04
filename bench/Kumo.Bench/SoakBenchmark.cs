using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Kumo.Bench.Api;
using Kumo.Db;
using Spectre.Console;

namespace Kumo.Bench;

/// <summary>
/// The fake-driver soak of issue 12 as a figure: N servers through the REST API of `kumo serve` in its own
/// process, each created on a network, acted on twice at random (stop, start, soft or hard reboot; a 409 for
/// the state it found counts as refused) and deleted, by parallel workers. reliability.soak_leaks is what is
/// left afterwards (must be 0): servers, ports on the soak's network, hypervisor and quota usage, and the
/// placement allocations read from the store once the service stopped. Creates that did not end ACTIVE or
/// ERROR with a fault, and actions that neither completed nor were refused, fail the run.
/// </summary>
internal static class SoakBenchmark
{
    private const int Workers = 16;
    private static readonly Dictionary<string, string> _settings = new() { ["KUMO__FAKE__SPAWNDELAY"] = "00:00:00.02" };
    private static readonly string[] _actions = ["stop", "start", "reboot-soft", "reboot-hard"];

    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]Soak[/]: {count} servers on the fake driver, {Workers} workers, random stop/start/reboot");
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-bench-soak-" + Guid.NewGuid().ToString("N")[..10]);
        long leaks;
        await using (var serve = await ServeProcess.StartAsync("fake", false, cancellationToken, stateDir, _settings))
        {
            serve.KeepStateDir = true;
            using var admin = new OpenStackHttp(serve.BaseUrl);
            admin.UseToken(await admin.IssueTokenAsync("admin", ServeProcess.AdminPassword, "admin", cancellationToken));
            await admin.UnlimitQuotaAsync(admin.ProjectId!, cancellationToken);
            var image = await admin.UploadImageAsync("soak-image", new byte[4096], cancellationToken);
            var network = await admin.CreateNetworkResourceAsync("networks", "network", new JsonObject { ["name"] = "soak-net" }, cancellationToken);
            await admin.CreateNetworkResourceAsync("subnets", "subnet",
                new JsonObject { ["network_id"] = network, ["cidr"] = "10.88.0.0/22", ["ip_version"] = 4, ["enable_dhcp"] = false }, cancellationToken);
            var clock = Stopwatch.StartNew();
            var (completed, refused) = (0, 0);
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    var (done, no) = await LifecycleAsync(admin, $"soak-{i}", image, network, cancellationToken);
                    Interlocked.Add(ref completed, done);
                    Interlocked.Add(ref refused, no);
                }
            }));
            AnsiConsole.MarkupLineInterpolated($"  {count} servers in {clock.Elapsed.TotalSeconds:0.0} s: {completed} actions completed, {refused} refused with 409");
            leaks = await LeftoverAsync(admin, network, cancellationToken);
            await serve.KillAsync();
        }
        await using (var stores = await KumoStores.OpenSqliteAsync(Path.Combine(stateDir, "kumo.db"), cancellationToken: cancellationToken))
        {
            leaks += (await stores.Placement.ListProvidersAsync(cancellationToken)).Sum(p => p.Inventories.Values.Sum(i => (long)i.Used));
        }
        Directory.Delete(stateDir, recursive: true);
        figures.Add("reliability.soak_leaks", leaks);
    }

    /// <summary>One server: create, settle, two random actions, delete; (actions completed, refused).</summary>
    private static async Task<(int Completed, int Refused)> LifecycleAsync(OpenStackHttp admin, string name, string image, string network, CancellationToken cancellationToken)
    {
        var (status, created) = await admin.SendAsync(HttpMethod.Post, "/compute/v2.1/servers", new JsonObject
        {
            ["server"] = new JsonObject { ["name"] = name, ["flavorRef"] = "1", ["imageRef"] = image, ["networks"] = new JsonArray(new JsonObject { ["uuid"] = network }) },
        }, cancellationToken);
        Require(status == HttpStatusCode.Accepted, $"create of {name} answered {(int)status}");
        var id = (string)created!["server"]!["id"]!;
        var server = await SettledAsync(admin, id, cancellationToken);
        var (completed, refused) = (0, 0);
        if ((string?)server["status"] == "ERROR")
        {
            Require(server["fault"]?["message"] is not null, $"{name} is ERROR without a fault");
        }
        else
        {
            Require((string?)server["status"] == "ACTIVE", $"{name} settled {server["status"]}");
            for (var i = 0; i < 2; i++)
            {
                var action = _actions[Random.Shared.Next(_actions.Length)];
                JsonObject body = action switch
                {
                    "stop" => new JsonObject { ["os-stop"] = null },
                    "start" => new JsonObject { ["os-start"] = null },
                    "reboot-soft" => new JsonObject { ["reboot"] = new JsonObject { ["type"] = "SOFT" } },
                    _ => new JsonObject { ["reboot"] = new JsonObject { ["type"] = "HARD" } },
                };
                var (acted, _) = await admin.SendAsync(HttpMethod.Post, $"/compute/v2.1/servers/{id}/action", body, cancellationToken);
                if (acted == HttpStatusCode.Conflict)
                {
                    refused++;
                    continue;
                }
                Require(acted == HttpStatusCode.Accepted, $"{action} of {name} answered {(int)acted}");
                var after = await SettledAsync(admin, id, cancellationToken);
                Require((string?)after["status"] == (action == "stop" ? "SHUTOFF" : "ACTIVE"), $"{action} of {name} ended {after["status"]}");
                completed++;
            }
        }
        var (deleted, _) = await admin.SendAsync(HttpMethod.Delete, $"/compute/v2.1/servers/{id}", null, cancellationToken);
        Require(deleted == HttpStatusCode.NoContent, $"delete of {name} answered {(int)deleted}");
        await WaitAsync(async () => await admin.GetServerStatusAsync(id, cancellationToken) is null, $"{name} deleted", cancellationToken);
        return (completed, refused);
    }

    private static async Task<JsonObject> SettledAsync(OpenStackHttp admin, string id, CancellationToken cancellationToken)
    {
        JsonObject? server = null;
        await WaitAsync(async () =>
        {
            server = (await admin.SendAsync(HttpMethod.Get, $"/compute/v2.1/servers/{id}", null, cancellationToken)).Body?["server"]?.AsObject();
            return server is not null && server["OS-EXT-STS:task_state"] is null && (string?)server["status"] is not "BUILD";
        }, $"{id} settled", cancellationToken);
        return server!;
    }

    /// <summary>Servers, ports on the soak's network, hypervisor usage and quota usage still counted.</summary>
    private static async Task<long> LeftoverAsync(OpenStackHttp admin, string network, CancellationToken cancellationToken)
    {
        async Task<JsonObject> GetAsync(string path) => (await admin.SendAsync(HttpMethod.Get, path, null, cancellationToken)).Body
            ?? throw new InvalidOperationException($"GET {path} answered no JSON");
        var servers = (await GetAsync("/compute/v2.1/servers"))["servers"]!.AsArray().Count;
        var ports = (await GetAsync($"/network/v2.0/ports?network_id={network}"))["ports"]!.AsArray().Count;
        var hypervisor = (await GetAsync("/compute/v2.1/os-hypervisors/detail"))["hypervisors"]!.AsArray().Single()!;
        var quota = (await GetAsync($"/compute/v2.1/os-quota-sets/{admin.ProjectId}/detail"))["quota_set"]!;
        return servers + ports + (int)hypervisor["vcpus_used"]! + (int)hypervisor["running_vms"]!
            + (int)quota["instances"]!["in_use"]! + (int)quota["cores"]!["in_use"]! + (int)quota["ram"]!["in_use"]!;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Require(clock.Elapsed < TimeSpan.FromSeconds(60), $"timed out waiting for {what}");
            await Task.Delay(25, cancellationToken);
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("soak: " + what);
        }
    }
}
