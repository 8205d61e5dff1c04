using System.Collections.Concurrent;
using System.Diagnostics;
using Kumo.Common.Processes;
using Kumo.Messaging.InProcess;
using Kumo.Messaging.Typed;
using Kumo.Network.Agent;
using Kumo.Network.Agent.Firewall;
using Kumo.Network.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Network;
using Kumo.OsVif;
using Kumo.OsVif.Host;
using Kumo.OsVif.Plugging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Kumo.Bench;

/// <summary>
/// The host side of networking on real OVS, bridges and iptables, against a stand-in network server on
/// the in-process bus: net.vif_plugged_p50_ms (hybrid plug's OVS port created → update_device_up at the
/// server) and net.sg_update_100_ports_ms (a rule change cast → the rule in all 100 ports' chains).
/// Everything runs on a bridge and chain prefix of its own, removed at the end.
/// </summary>
internal static class NetBenchmark
{
    public static async Task RunAsync(int plugs, int sgPorts, Figures figures, CancellationToken cancellationToken)
    {
        if (HostTools.MissingForNetworking() is { } missing)
        {
            throw new InvalidOperationException($"net needs host networking: {missing}");
        }
        var id = Guid.NewGuid().ToString("N")[..6];
        var vif = new VifOptions { IntegrationBridge = "kbi" + id };
        var agentOptions = new NetworkAgentOptions { Enabled = true, ChainPrefix = "kb" + id, EnableDhcp = false };
        var runner = new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance);
        var bus = new InProcessBus();
        var server = new StandInServer(bus);
        var plugger = VifPlugger.Create(vif, runner);
        var agent = new NetworkAgent("bench-" + id, agentOptions, vif, bus, runner, NullLoggerFactory.Instance);
        var vifs = new List<Vif>();
        AnsiConsole.MarkupLineInterpolated($"[bold]net[/]: {plugs} sequential hybrid plugs, then a rule change on {sgPorts} ports (bridge {vif.IntegrationBridge})");
        try
        {
            await agent.StartAsync(cancellationToken);
            var group = Guid.NewGuid();
            server.Rules[group] = [];
            var latencies = new List<double>();
            for (var i = 0; i < Math.Max(plugs, sgPorts); i++)
            {
                var port = server.AddPort(Guid.Empty, $"10.250.{i / 250}.{i % 250 + 2}", group);
                var v = new Vif(port.PortId, port.NetworkId, port.MacAddress, "ovs", HybridPlugNames.Tap(port.PortId), [], 1450);
                vifs.Add(v);
                await plugger.PlugAsync(Guid.NewGuid(), v, cancellationToken);
                var created = Stopwatch.GetTimestamp();
                if (i < plugs)
                {
                    var up = await server.WaitUpAsync(port.PortId, cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(created, up).TotalMilliseconds);
                }
            }
            figures.Add("net.vif_plugged_p50_ms", Stats.Median(latencies), 1);
            foreach (var v in vifs)
            {
                await server.WaitUpAsync(v.PortId, cancellationToken);
            }
            server.Rules[group].Add(new SecurityGroupRule(Guid.NewGuid(), group, "ingress", "IPv4", "tcp", 22, 22, null, null));
            var changed = Stopwatch.StartNew();
            await bus.CastAsync(AgentMethods.Topic("bench-" + id), AgentMethods.SecurityGroupsRuleUpdated, RequestContext.Admin(), new SecurityGroupsChanged([group]), cancellationToken);
            var tools = new HostToolRunner(runner);
            var names = new IptablesChainNames(agentOptions.ChainPrefix);
            var chains = vifs.Take(sgPorts).Select(v => $"-A {names.Ingress(v.PortId)} -p tcp -m tcp --dport 22 -j RETURN").ToList();
            while (true)
            {
                var save = (await tools.RunAsync(HostTools.IptablesSave, ["-t", "filter"], cancellationToken)).Split('\n').ToHashSet();
                if (chains.All(save.Contains))
                {
                    break;
                }
                if (changed.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("the rule change did not reach every port within 30 s");
                }
                await Task.Delay(5, cancellationToken);
            }
            figures.Add("net.sg_update_100_ports_ms", changed.Elapsed.TotalMilliseconds, 0);
        }
        finally
        {
            await agent.Firewall.RemoveAllAsync(CancellationToken.None);
            await agent.DisposeAsync();
            foreach (var v in vifs)
            {
                await plugger.UnplugAsync(v, CancellationToken.None);
            }
            await new Kumo.OsVif.Ovs.OvsVsctl(new HostToolRunner(runner)).DeleteBridgeAsync(vif.IntegrationBridge, CancellationToken.None);
            await server.DisposeAsync();
        }
    }

    /// <summary>The network server as far as the OVS agent asks it: known ports, one group's rules, device-up times.</summary>
    private sealed class StandInServer : IAsyncDisposable
    {
        private readonly IAsyncDisposable _consumer;
        private readonly ConcurrentDictionary<Guid, DeviceDetails> _ports = new();
        private readonly ConcurrentDictionary<Guid, long> _up = new();

        public StandInServer(InProcessBus bus) =>
            _consumer = bus.Serve(PluginMethods.Topic, new RpcDispatcher("bench network server")
                .On(PluginMethods.GetDevicesDetailsList, (_, r, _) => Task.FromResult<IReadOnlyList<DeviceDetails>>(r.PortIds.Where(_ports.ContainsKey).Select(p => _ports[p]).ToList()))
                .On(PluginMethods.UpdateDeviceUp, (_, r, _) => Task.FromResult(_up.TryAdd(r.PortId, Stopwatch.GetTimestamp())))
                .On(PluginMethods.UpdateDeviceDown, (_, _, _) => Task.FromResult(true))
                .On(PluginMethods.SecurityGroupInfoForDevices, (_, r, _) => Task.FromResult(Info(r.PortIds))));

        public ConcurrentDictionary<Guid, List<SecurityGroupRule>> Rules { get; } = new();

        public DeviceDetails AddPort(Guid networkId, string ip, Guid group)
        {
            var id = Guid.NewGuid();
            var port = new DeviceDetails(id, networkId, $"fa:16:3e:{Random.Shared.Next(256):x2}:{Random.Shared.Next(256):x2}:{Random.Shared.Next(256):x2}",
                [new FixedIp(Guid.Empty, ip)], true, true, [group], [], 1450, "compute:nova", Guid.NewGuid().ToString());
            _ports[id] = port;
            return port;
        }

        public async Task<long> WaitUpAsync(Guid portId, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (!_up.ContainsKey(portId))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"port {portId} was never reported up");
                }
                await Task.Delay(1, cancellationToken);
            }
            return _up[portId];
        }

        private Kumo.Network.Rpc.SecurityGroupInfo Info(IReadOnlyList<Guid> portIds) =>
            new(Rules.ToDictionary(r => r.Key, r => (IReadOnlyList<SecurityGroupRule>)[.. r.Value]), new Dictionary<Guid, SecurityGroupMembers>(),
                portIds.Where(_ports.ContainsKey).Select(p => _ports[p]).ToList());

        public ValueTask DisposeAsync() => _consumer.DisposeAsync();
    }
}
