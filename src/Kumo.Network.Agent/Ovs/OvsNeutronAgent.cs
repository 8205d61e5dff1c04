using System.Threading.Channels;
using Kumo.Network.Agent.Firewall;
using Kumo.Network.Agent.Rpc;
using Kumo.Network.Rpc;
using Kumo.OsVif;
using Kumo.OsVif.Ovs;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Agent.Ovs;

/// <summary>
/// Neutron's OVS agent for the hybrid plug: watches the integration bridge through the OVSDB monitor;
/// for each new port asks the server for its details, puts it on its network's local VLAN (unknown or
/// admin-down ports stay on the dead VLAN), filters it, and reports it up (the server then sends
/// network-vif-plugged). A port leaving the bridge is reported down. Casts from the server (port and
/// security group changes) queue work on the same loop. The monitor's initial dump is the resync at start.
/// </summary>
public sealed partial class OvsNeutronAgent(
    VifOptions vifOptions,
    PluginApi plugin,
    OvsVsctl ovs,
    IFirewallDriver firewall,
    ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<OvsNeutronAgent>();
    private readonly Channel<AgentWork> _work = Channel.CreateUnbounded<AgentWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Guid, BoundPort> _ports = [];
    private readonly CancellationTokenSource _stop = new();
    private OvsdbMonitor? _monitor;
    private Task? _pump;
    private Task? _loop;

    public LocalVlanManager Vlans { get; } = new();

    /// <summary>Ports on the bridge as the agent last wired them (a copy).</summary>
    public IReadOnlyList<BoundPort> Ports
    {
        get
        {
            lock (_ports)
            {
                return [.. _ports.Values];
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ovs.AddBridgeAsync(vifOptions.IntegrationBridge, vifOptions.DatapathType, cancellationToken);
        // Chains of ports this run does not know yet (an earlier run's) go now; live ports get theirs back
        // as the monitor's initial dump replays them.
        await firewall.ApplyAsync(cancellationToken);
        // The monitor announces every port with an iface-id; the bridge is checked with the tag, in one ovs-vsctl run.
        _monitor = new OvsdbMonitor(null, ovs, loggers.CreateLogger<OvsdbMonitor>());
        _monitor.Start();
        _pump = Task.Run(() => PumpAsync(_monitor, _stop.Token), CancellationToken.None);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    public void PortUpdate(PortsChanged change) => _work.Writer.TryWrite(new AgentWork.PortsUpdated(change.PortIds));

    public void PortDelete(PortsChanged change) => _work.Writer.TryWrite(new AgentWork.PortsDeleted(change.PortIds));

    public void SecurityGroupsChanged() => _work.Writer.TryWrite(new AgentWork.FirewallRefresh());

    private async Task PumpAsync(OvsdbMonitor monitor, CancellationToken cancellationToken)
    {
        try
        {
            while (await monitor.Events.WaitToReadAsync(cancellationToken))
            {
                var appeared = new List<(string, Guid, long)>();
                var vanished = new List<Guid>();
                while (monitor.Events.TryRead(out var e))
                {
                    if (e.Kind == OvsPortEventKind.Added)
                    {
                        appeared.Add((e.Name, e.PortId, e.Timestamp));
                    }
                    else
                    {
                        vanished.Add(e.PortId);
                    }
                }
                if (vanished.Count > 0)
                {
                    _work.Writer.TryWrite(new AgentWork.PortsVanished(vanished));
                }
                if (appeared.Count > 0)
                {
                    _work.Writer.TryWrite(new AgentWork.PortsAppeared(appeared));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _work.Reader.WaitToReadAsync(cancellationToken))
            {
                var batch = new List<AgentWork>();
                while (_work.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                await ProcessAsync(batch, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProcessAsync(IReadOnlyList<AgentWork> batch, CancellationToken cancellationToken)
    {
        var firewallDirty = false;
        foreach (var work in batch)
        {
            try
            {
                firewallDirty |= work switch
                {
                    AgentWork.PortsAppeared a => await WirePortsAsync(a.Ports.Select(p => (p.Name, p.PortId)).ToList(), reportUp: true, cancellationToken),
                    AgentWork.PortsVanished v => await PortsVanishedAsync(v.PortIds, cancellationToken),
                    AgentWork.PortsUpdated u => await WirePortsAsync(Known(u.PortIds), reportUp: true, cancellationToken),
                    AgentWork.PortsDeleted d => await PortsDeletedAsync(d.PortIds, cancellationToken),
                    AgentWork.FirewallRefresh => await RefreshFiltersAsync(Ports.Where(p => p.IsFiltered).Select(p => p.PortId).ToList(), cancellationToken),
                    AgentWork.FirewallApply => true,
                    _ => false,
                };
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One bad port or a server that is down must not stop the loop: the work is queued again
                // (Neutron's agent resyncs after a failed iteration the same way).
                LogWorkFailed(work.GetType().Name, ex.Message);
                _ = RetryLaterAsync(work, cancellationToken);
            }
        }
        if (firewallDirty)
        {
            try
            {
                await firewall.ApplyAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Thrown out of here it would end the loop: no port wired or unfiltered again until a restart.
                LogWorkFailed(nameof(AgentWork.FirewallApply), ex.Message);
                _ = RetryLaterAsync(new AgentWork.FirewallApply(), cancellationToken);
            }
        }
    }

    private async Task RetryLaterAsync(AgentWork work, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryDelay, cancellationToken);
            _work.Writer.TryWrite(work);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private List<(string Name, Guid PortId)> Known(IReadOnlyList<Guid> portIds)
    {
        lock (_ports)
        {
            return portIds.Where(_ports.ContainsKey).Select(id => (_ports[id].Name, id)).ToList();
        }
    }

    /// <summary>Tags and filters the ports, applies the firewall, then reports the wired ones up.</summary>
    private async Task<bool> WirePortsAsync(IReadOnlyList<(string Name, Guid PortId)> ports, bool reportUp, CancellationToken cancellationToken)
    {
        var placements = await Task.WhenAll(ports.Select(p => ovs.GetPortPlacementAsync(p.Name, cancellationToken)));
        var current = new Dictionary<Guid, int?>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (placements[i] is { } placement && placement.Bridge == vifOptions.IntegrationBridge)
            {
                current[ports[i].PortId] = placement.Tag;
            }
        }
        ports = ports.Where(p => current.ContainsKey(p.PortId)).ToList();
        if (ports.Count == 0)
        {
            return false;
        }
        var details = (await plugin.GetDevicesDetailsListAsync(ports.Select(p => p.PortId).ToList(), cancellationToken)).ToDictionary(d => d.PortId);
        // Tags and the firewall are independent: both go at once, and a port is reported up after both.
        var tagging = Task.WhenAll(ports.Select(p => BindAsync(p.Name, p.PortId, details.GetValueOrDefault(p.PortId), current[p.PortId], cancellationToken)));
        var filtering = FilterAsync(ports.Where(p => details.TryGetValue(p.PortId, out var d) && new BoundPort(p.Name, p.PortId, d, 0).IsFiltered)
            .Select(p => p.PortId).ToList(), ports.Select(p => p.PortId).ToList(), cancellationToken);
        await Task.WhenAll(tagging, filtering);
        var up = ports.Where(p => details.TryGetValue(p.PortId, out var d) && d.AdminStateUp).Select(p => p.PortId).ToList();
        foreach (var portId in reportUp ? up : [])
        {
            await plugin.UpdateDeviceUpAsync(portId, cancellationToken);
            LogPortUp(portId, vifOptions.IntegrationBridge);
        }
        return false;
    }

    private async Task BindAsync(string name, Guid portId, DeviceDetails? detail, int? currentTag, CancellationToken cancellationToken)
    {
        var tag = await TagAsync(name, portId, detail, currentTag, cancellationToken);
        lock (_ports)
        {
            _ports[portId] = new BoundPort(name, portId, detail, tag);
        }
    }

    /// <summary>Filters <paramref name="filtered"/>, unfilters the rest of <paramref name="all"/>, applies once.</summary>
    private async Task FilterAsync(IReadOnlyList<Guid> filtered, IReadOnlyList<Guid> all, CancellationToken cancellationToken)
    {
        foreach (var portId in all.Except(filtered))
        {
            firewall.RemovePortFilter(portId);
        }
        await RefreshFiltersAsync(filtered, cancellationToken);
        await firewall.ApplyAsync(cancellationToken);
    }

    private async Task<int> TagAsync(string name, Guid portId, DeviceDetails? detail, int? current, CancellationToken cancellationToken)
    {
        int tag;
        if (detail is null || !detail.AdminStateUp)
        {
            Vlans.Unbind(portId);
            tag = OvsVsctl.DeadVlan;
        }
        else
        {
            tag = Vlans.Bind(detail.NetworkId, portId, current);
        }
        if (current != tag)
        {
            await ovs.SetTagAsync(name, tag, cancellationToken);
        }
        return tag;
    }

    private async Task<bool> RefreshFiltersAsync(IReadOnlyList<Guid> portIds, CancellationToken cancellationToken)
    {
        if (portIds.Count == 0)
        {
            return false;
        }
        var info = await plugin.SecurityGroupInfoForDevicesAsync(portIds, cancellationToken);
        foreach (var filter in PortFilter.From(info))
        {
            firewall.SetPortFilter(filter);
        }
        return true;
    }

    private async Task<bool> PortsVanishedAsync(IReadOnlyList<Guid> portIds, CancellationToken cancellationToken)
    {
        foreach (var portId in portIds)
        {
            bool known;
            lock (_ports)
            {
                known = _ports.Remove(portId);
            }
            firewall.RemovePortFilter(portId);
            Vlans.Unbind(portId);
            if (known)
            {
                await plugin.UpdateDeviceDownAsync(portId, cancellationToken);
                LogPortDown(portId, vifOptions.IntegrationBridge);
            }
        }
        return true;
    }

    private async Task<bool> PortsDeletedAsync(IReadOnlyList<Guid> portIds, CancellationToken cancellationToken)
    {
        foreach (var (name, portId) in Known(portIds))
        {
            firewall.RemovePortFilter(portId);
            Vlans.Unbind(portId);
            await ovs.SetTagAsync(name, OvsVsctl.DeadVlan, cancellationToken);
            lock (_ports)
            {
                _ports[portId] = new BoundPort(name, portId, null, OvsVsctl.DeadVlan);
            }
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _work.Writer.TryComplete();
        if (_monitor is not null)
        {
            await _monitor.DisposeAsync();
        }
        foreach (var task in new[] { _pump, _loop }.OfType<Task>())
        {
            await task;
        }
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Port {PortId} wired on {Bridge} and reported up")]
    private partial void LogPortUp(Guid portId, string bridge);

    [LoggerMessage(Level = LogLevel.Information, Message = "Port {PortId} left {Bridge} and was reported down")]
    private partial void LogPortDown(Guid portId, string bridge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OVS agent work {Work} failed (retried in 2 s): {Error}")]
    private partial void LogWorkFailed(string work, string error);
}
