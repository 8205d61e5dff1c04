using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Kumo.Bench.Api;
using Spectre.Console;

namespace Kumo.Bench.Network;

/// <summary>
/// Port creates through the network API, as Nova's allocation makes them: `kumo serve` in its own
/// process (fake driver), one network with a /16 subnet, N ports from 8 clients, each create taking
/// its address from IPAM and its MAC; then the deletes.
/// </summary>
internal static class NetworkBenchmark
{
    private const int Clients = 8;

    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]net[/]: {count} port creates from {Clients} clients through /network/v2.0/ports");
        await using var serve = await ServeProcess.StartAsync("fake", cancellationToken);
        using var admin = new OpenStackHttp(serve.BaseUrl);
        admin.UseToken(await admin.IssueTokenAsync("admin", ServeProcess.AdminPassword, "admin", cancellationToken));
        var network = await admin.CreateNetworkResourceAsync("networks", "network", new JsonObject { ["name"] = "bench-net" }, cancellationToken);
        await admin.CreateNetworkResourceAsync("subnets", "subnet",
            new JsonObject { ["network_id"] = network, ["cidr"] = "10.200.0.0/16", ["ip_version"] = 4 }, cancellationToken);
        // Warm-up: the first creates pay for JIT and the default security group.
        for (var i = 0; i < 5; i++)
        {
            await admin.DeleteNetworkResourceAsync("ports", await CreatePortAsync(admin, network, $"warm-{i}", cancellationToken), cancellationToken);
        }

        var ids = new ConcurrentBag<string>();
        var postMs = new ConcurrentBag<double>();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var post = Stopwatch.GetTimestamp();
                ids.Add(await CreatePortAsync(admin, network, $"port-{i}", cancellationToken));
                postMs.Add(Stopwatch.GetElapsedTime(post).TotalMilliseconds);
            }
        }, cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        AnsiConsole.MarkupLineInterpolated($"  {ids.Count} ports in {elapsed:0.000}s");
        figures.Add("net.ports_per_s", ids.Count / elapsed, 1);
        figures.Add("net.port_post_p50_ms", Stats.Percentile([.. postMs], 50), 2);
        figures.Add("net.port_post_p99_ms", Stats.Percentile([.. postMs], 99), 2);

        var deletes = new ConcurrentQueue<string>(ids);
        started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (deletes.TryDequeue(out var id))
            {
                await admin.DeleteNetworkResourceAsync("ports", id, cancellationToken);
            }
        }, cancellationToken)));
        figures.Add("net.port_deletes_per_s", ids.Count / Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
    }

    private static Task<string> CreatePortAsync(OpenStackHttp admin, string network, string name, CancellationToken cancellationToken) =>
        admin.CreateNetworkResourceAsync("ports", "port", new JsonObject { ["network_id"] = network, ["name"] = name }, cancellationToken);
}
