using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Common.IO;
using Kumo.Common.Processes;
using Kumo.Network.Agent.Dhcp;
using Kumo.Network.Agent.Firewall;
using Kumo.Objects.Network;
using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Kumo.Bench.Network;

/// <summary>
/// What one port adds to a boot, in one run on real libvirt with the network agent (OVS, iptables,
/// dnsmasq) on a bridge and chain prefix of its own: request → ACTIVE of servers with no NIC and with one
/// port on a shared network, interleaved so that load drifts hit both alike; net.added_active_ms is the
/// difference of the medians (the port's allocation, hybrid plug, paused start, the agent's wiring and
/// the network-vif-plugged round trip). Nova's wait for that event alone is ≈ 3.6 s of a 6.5 s boot.
/// </summary>
internal static class NetBootBenchmark
{
    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        if (HostTools.MissingForNetworking() is { } missing)
        {
            throw new InvalidOperationException($"net-boot needs host networking: {missing}");
        }
        var id = Guid.NewGuid().ToString("N")[..6];
        var bridge = "kbb" + id;
        var chainPrefix = "kn" + id;
        var stateDir = Path.Combine("/var/lib/kumo", "bench-" + Guid.NewGuid().ToString("N")[..10]);
        HostPaths.CreateTraversableDirectory(stateDir);
        AnsiConsole.MarkupLineInterpolated($"[bold]net-boot[/]: {count} boots without a NIC and {count} with one port, interleaved (bridge {bridge}); state in {stateDir}");
        Guid? networkId = null;
        try
        {
            await using var kumo = await KumoBooter.StartAsync(stateDir, cancellationToken, o =>
            {
                o.NetworkAgent.Enabled = true;
                o.Ovs.IntegrationBridge = bridge;
                o.NetworkAgent.ChainPrefix = chainPrefix;
            });
            using var admin = await AdminClientAsync(kumo, cancellationToken);
            networkId = await CreateNetworkAsync(admin, "bench-net-" + id, cancellationToken);
            var (none, port, commands) = await RunInterleavedAsync(kumo, networkId.Value, count, cancellationToken);
            using var deleted = await admin.DeleteAsync($"/network/v2.0/networks/{networkId}", cancellationToken);
            Report(none, port, commands, figures);
        }
        finally
        {
            await CleanupAsync(bridge, chainPrefix, networkId);
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private static async Task<(List<double> None, List<double> Port, List<double> Commands)> RunInterleavedAsync(KumoBooter kumo, Guid networkId, int count,
        CancellationToken cancellationToken)
    {
        var none = new List<double>();
        var port = new List<double>();
        var commands = new List<double>();
        RequestedNetwork[] onNetwork = [new(networkId)];
        // Warm-up, not counted: the image cache, JIT of both paths, the network's dnsmasq and first port.
        foreach (var networks in new[] { Array.Empty<RequestedNetwork>(), onNetwork })
        {
            var (uuid, warm) = await kumo.BootAsync("bench-net-warmup", cancellationToken, networks);
            await kumo.DeleteAsync(uuid, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"  warm-up ({networks.Length} port): ACTIVE {warm.Active * 1000:0}ms (not counted)");
        }
        for (var run = 1; run <= count; run++)
        {
            var (a, withoutNic) = await kumo.BootAsync($"bench-none-{run}", cancellationToken);
            await kumo.DeleteAsync(a, cancellationToken);
            var (b, withPort) = await kumo.BootAsync($"bench-port-{run}", cancellationToken, onNetwork);
            await kumo.DeleteAsync(b, cancellationToken);
            var (commandMs, byTool) = HostCommands(kumo.LastSteps, kumo.LastRequested + (long)(withPort.Active * Stopwatch.Frequency));
            none.Add(withoutNic.Active * 1000);
            port.Add(withPort.Active * 1000);
            commands.Add(commandMs);
            AnsiConsole.MarkupLineInterpolated($"  run {run,3}: no NIC ACTIVE {none[^1]:0}ms | one port ACTIVE {port[^1]:0}ms, of it host commands {commandMs:0}ms ({byTool})");
        }
        return (none, port, commands);
    }

    /// <summary>
    /// The host commands (ip, ovs-vsctl, ethtool, iptables-restore ...; qemu-img left out, both kinds run it) that
    /// finished before ACTIVE: summed, as the plug and the agent run them one after another.
    /// </summary>
    private static (double Ms, string ByTool) HostCommands(IReadOnlyList<TimelineEntry> steps, long active)
    {
        var runs = steps
            .Where(s => s.Timestamp <= active && s.Category == TimelineLoggers.CommandRunner && s.EventId == 1001 && s.Values.GetValueOrDefault("Command") is string c
                && !c.StartsWith("qemu-img", StringComparison.Ordinal))
            .Select(s => (Tool: Path.GetFileName(((string)s.Values["Command"]!).Split(' ')[0]),
                Ms: Convert.ToDouble(s.Values["DurationMs"], System.Globalization.CultureInfo.InvariantCulture), s.Timestamp))
            .ToList();
        var byTool = string.Join(", ", runs.GroupBy(r => r.Tool).Select(g => $"{g.Key} ×{g.Count()} {g.Sum(r => r.Ms):0}ms"));
        return (runs.Sum(r => r.Ms), byTool.Length == 0 ? "none" : byTool);
    }

    private static void Report(List<double> none, List<double> port, List<double> commands, Figures figures)
    {
        var noneMedian = Stats.Median(none);
        var portMedian = Stats.Median(port);
        figures.Add("net.added_active_ms", portMedian - noneMedian, 0);
        figures.Add("net.boot_no_nic_active_p50_ms", noneMedian, 0);
        figures.Add("net.boot_one_port_active_p50_ms", portMedian, 0);
        figures.Add("net.boot_one_port_host_commands_p50_ms", Stats.Median(commands), 0);
        figures.Add("net.boot_runs", none.Count);
    }

    private static async Task<HttpClient> AdminClientAsync(KumoBooter kumo, CancellationToken cancellationToken)
    {
        var client = kumo.Host.Api.App!.GetTestClient();
        var password = new JsonObject
        {
            ["user"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["id"] = "default" }, ["password"] = InProcessHost.AdminPassword },
        };
        var auth = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["methods"] = new JsonArray("password"), ["password"] = password },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["id"] = "default" } } },
            },
        };
        using var response = await client.PostAsJsonAsync("/identity/v3/auth/tokens", auth, cancellationToken);
        response.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Add("X-Auth-Token", response.Headers.GetValues("X-Subject-Token").Single());
        return client;
    }

    /// <summary>A shared network (the benchmark's servers are another project's) with a DHCP subnet.</summary>
    private static async Task<Guid> CreateNetworkAsync(HttpClient admin, string name, CancellationToken cancellationToken)
    {
        var network = await PostAsync(admin, "networks", "network", new JsonObject { ["name"] = name, ["shared"] = true }, cancellationToken);
        await PostAsync(admin, "subnets", "subnet",
            new JsonObject { ["network_id"] = network.ToString(), ["cidr"] = "10.251.0.0/24", ["ip_version"] = 4 }, cancellationToken);
        return network;
    }

    private static async Task<Guid> PostAsync(HttpClient admin, string collection, string resource, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await admin.PostAsJsonAsync($"/network/v2.0/{collection}", new JsonObject { [resource] = body }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /network/v2.0/{collection} answered {(int)response.StatusCode}: {text}");
        }
        return Guid.Parse((string)JsonNode.Parse(text)![resource]!["id"]!);
    }

    /// <summary>What the agent leaves at its stop on purpose (its bridge, its chains), and the network's namespace if its delete did not happen.</summary>
    private static async Task CleanupAsync(string bridge, string chainPrefix, Guid? networkId)
    {
        var tools = new HostToolRunner(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
        await new IptablesFirewallDriver(new IptablesManager(tools), new IptablesChainNames(chainPrefix), NullLogger<IptablesFirewallDriver>.Instance)
            .RemoveAllAsync();
        if (networkId is { } network)
        {
            await new IpNetns(tools).DeleteAsync(DhcpNames.Namespace(network));
        }
        await new OvsVsctl(tools).DeleteBridgeAsync(bridge);
    }
}
