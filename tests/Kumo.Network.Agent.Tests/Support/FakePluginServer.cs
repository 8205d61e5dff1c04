using System.Collections.Concurrent;
using System.Diagnostics;
using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Tests.Support;

/// <summary>
/// The network server as the agent sees it, on the in-process bus: hand-made ports, groups and networks,
/// and a record of every update_device_up/down with when it arrived.
/// </summary>
public sealed class FakePluginServer : IAsyncDisposable
{
    private readonly IAsyncDisposable _consumer;

    public FakePluginServer(IMessageBus bus)
    {
        _consumer = bus.Serve(PluginMethods.Topic, new RpcDispatcher("fake network server")
            .On(PluginMethods.GetDevicesDetailsList, (_, r, _) => Task.FromResult<IReadOnlyList<DeviceDetails>>(
                r.PortIds.Where(Ports.ContainsKey).Select(id => Ports[id]).ToList()))
            .On(PluginMethods.UpdateDeviceUp, (_, r, _) => Record(DevicesUp, r.PortId))
            .On(PluginMethods.UpdateDeviceDown, (_, r, _) => Record(DevicesDown, r.PortId))
            .On(PluginMethods.SecurityGroupInfoForDevices, (_, r, _) => Task.FromResult(SecurityGroupInfo(r.PortIds)))
            .On(PluginMethods.GetActiveNetworks, (_, _, _) => Task.FromResult<IReadOnlyList<Guid>>([.. Networks.Keys]))
            .On(PluginMethods.GetNetworkInfo, (_, r, _) => Interlocked.Decrement(ref _networkInfoFailures) >= 0
                ? throw new InvalidOperationException("get_network_info failed (injected by the test)")
                : Task.FromResult(Networks.TryGetValue(r.NetworkId, out var n) ? n : null))
            .On(PluginMethods.CreateDhcpPort, (_, r, _) => Task.FromResult(DhcpPorts[r.NetworkId]))
            .On(PluginMethods.ReleaseDhcpPort, (_, r, _) => Task.FromResult(ReleasedDhcpPorts.Add(r.NetworkId))));
    }

    private int _networkInfoFailures;

    /// <summary>The next <paramref name="calls"/> get_network_info calls fail, as a server that is down or overloaded answers.</summary>
    public void FailNetworkInfo(int calls) => Volatile.Write(ref _networkInfoFailures, calls);

    public ConcurrentDictionary<Guid, DeviceDetails> Ports { get; } = new();

    public ConcurrentDictionary<Guid, List<SecurityGroupRule>> Rules { get; } = new();

    public ConcurrentDictionary<Guid, DhcpNetwork> Networks { get; } = new();

    public ConcurrentDictionary<Guid, DhcpPort> DhcpPorts { get; } = new();

    public HashSet<Guid> ReleasedDhcpPorts { get; } = [];

    public ConcurrentDictionary<Guid, long> DevicesUp { get; } = new();

    public ConcurrentDictionary<Guid, long> DevicesDown { get; } = new();

    private static Task<bool> Record(ConcurrentDictionary<Guid, long> seen, Guid portId)
    {
        seen[portId] = Stopwatch.GetTimestamp();
        return Task.FromResult(true);
    }

    private SecurityGroupInfo SecurityGroupInfo(IReadOnlyList<Guid> portIds)
    {
        var devices = portIds.Where(Ports.ContainsKey).Select(id => Ports[id]).ToList();
        var groups = devices.SelectMany(d => d.SecurityGroupIds).Distinct().ToList();
        var rules = groups.ToDictionary(g => g, g => (IReadOnlyList<SecurityGroupRule>)(Rules.TryGetValue(g, out var r) ? [.. r] : []));
        var members = Ports.Values.SelectMany(p => p.SecurityGroupIds.Select(g => (g, p)))
            .GroupBy(x => x.g)
            .ToDictionary(x => x.Key, x => new SecurityGroupMembers(x.SelectMany(m => m.p.FixedIps.Select(f => f.IpAddress)).ToList(), []));
        return new SecurityGroupInfo(rules, members, devices);
    }

    /// <summary>Waits until the agent reported the port up (or fails after <paramref name="timeout"/>).</summary>
    public Task<long> WaitForDeviceUpAsync(Guid portId, TimeSpan timeout) => Wait.ForAsync(() => DevicesUp.TryGetValue(portId, out var t) ? t : (long?)null, timeout, $"update_device_up for port {portId}");

    public Task<long> WaitForDeviceDownAsync(Guid portId, TimeSpan timeout) => Wait.ForAsync(() => DevicesDown.TryGetValue(portId, out var t) ? t : (long?)null, timeout, $"update_device_down for port {portId}");

    public ValueTask DisposeAsync() => _consumer.DisposeAsync();
}
