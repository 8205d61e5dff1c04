using System.Text;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Agent.Firewall;

/// <summary>
/// Neutron's IptablesFirewallDriver for the hybrid plug: per-port chains matched with physdev on the
/// port's qbr bridge. Every apply writes all of this driver's chains in one iptables-restore --noflush
/// (declaring a chain flushes it, so the new rules replace the old in one transaction) and deletes the
/// chains of ports no longer filtered, also those left by an earlier run. Rules of other owners are never
/// declared, so never flushed.
/// </summary>
/// <remarks>With <paramref name="conntrack"/>, an apply that narrowed a port's filter then ends the flows the old rules let in
/// (<see cref="ConntrackFlush"/>); without it such flows pass until conntrack times them out.</remarks>
public sealed partial class IptablesFirewallDriver(IptablesManager iptables, IptablesChainNames names, ILogger<IptablesFirewallDriver> logger,
    Conntrack? conntrack = null) : IFirewallDriver
{
    private readonly Dictionary<Guid, PortFilter> _filters = [];
    private readonly Dictionary<Guid, ConntrackFlush> _flushes = [];
    private readonly SemaphoreSlim _applying = new(1, 1);

    // The chains this driver has on the host, read from iptables-save at the first apply (an earlier
    // run's leftovers) and kept since: reading the whole filter table on every port costs more than the
    // restore itself. Null forces a re-read (after a failed restore).
    private HashSet<string>? _installed;
    private bool _jumpInstalled;

    public IReadOnlyCollection<Guid> FilteredPorts
    {
        get
        {
            lock (_filters)
            {
                return [.. _filters.Keys];
            }
        }
    }

    public void SetPortFilter(PortFilter filter)
    {
        lock (_filters)
        {
            if (conntrack is not null && _filters.TryGetValue(filter.Port.PortId, out var old) && ConntrackFlush.Between(old, filter) is { } flush)
            {
                _flushes[filter.Port.PortId] = flush.Merge(_flushes.GetValueOrDefault(filter.Port.PortId));
            }
            _filters[filter.Port.PortId] = filter;
        }
    }

    public void RemovePortFilter(Guid portId)
    {
        lock (_filters)
        {
            _filters.Remove(portId);
            _flushes.Remove(portId);
        }
    }

    public Task ApplyAsync(CancellationToken cancellationToken = default) => ApplyAsync(removeAll: false, cancellationToken);

    public Task RemoveAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_filters)
        {
            _filters.Clear();
        }
        return ApplyAsync(removeAll: true, cancellationToken);
    }

    private async Task ApplyAsync(bool removeAll, CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            List<PortFilter> filters;
            List<KeyValuePair<Guid, ConntrackFlush>> flushes;
            lock (_filters)
            {
                filters = [.. _filters.Values];
                flushes = [.. _flushes];
                _flushes.Clear();
            }
            if (_installed is null)
            {
                var save = await iptables.SaveFilterAsync(cancellationToken);
                _installed = [.. IptablesManager.Chains(save, names.Prefix + "-")];
                _jumpInstalled = save.Split('\n').Any(l => l.Trim() == $"-A FORWARD -j {names.Forward}");
            }
            var (rules, wanted) = Build(filters, _installed, _jumpInstalled, removeAll);
            try
            {
                await iptables.RestoreAsync(rules, cancellationToken);
            }
            catch
            {
                _installed = null;
                Requeue(flushes);
                throw;
            }
            _installed = wanted;
            _jumpInstalled = !removeAll;
            LogApplied(filters.Count, rules.Length);
            // After the restore: a flow ended before the narrower rules are in would just be tracked again.
            if (conntrack is not null)
            {
                foreach (var (_, flush) in flushes)
                {
                    await conntrack.FlushAsync(flush, cancellationToken);
                }
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>The flushes of an apply that failed wait for the next one (unless the port stopped being filtered meanwhile).</summary>
    private void Requeue(IEnumerable<KeyValuePair<Guid, ConntrackFlush>> flushes)
    {
        lock (_filters)
        {
            foreach (var (portId, flush) in flushes.Where(f => _filters.ContainsKey(f.Key)))
            {
                _flushes[portId] = flush.Merge(_flushes.GetValueOrDefault(portId));
            }
        }
    }

    private (string Rules, HashSet<string> Wanted) Build(IReadOnlyList<PortFilter> filters, IReadOnlySet<string> existing, bool hasJump, bool removeAll)
    {
        var wanted = new List<string>();
        if (!removeAll)
        {
            wanted.AddRange([names.Forward, names.SgChain, names.Fallback]);
            wanted.AddRange(filters.SelectMany(f => new[] { names.Ingress(f.Port.PortId), names.Egress(f.Port.PortId), names.Spoof(f.Port.PortId) }));
        }
        var stale = existing.Except(wanted, StringComparer.Ordinal).ToList();

        var text = new StringBuilder("*filter\n");
        foreach (var chain in wanted.Concat(stale))
        {
            text.Append(':').Append(chain).Append(" - [0:0]\n");
        }
        if (!removeAll)
        {
            if (!hasJump)
            {
                text.Append("-I FORWARD 1 -j ").Append(names.Forward).Append('\n');
            }
            text.Append("-A ").Append(names.Fallback).Append(" -j DROP\n");
            foreach (var filter in filters)
            {
                IptablesRules.AppendPort(text, names, filter);
            }
            text.Append("-A ").Append(names.SgChain).Append(" -j ACCEPT\n");
        }
        else if (hasJump)
        {
            text.Append("-D FORWARD -j ").Append(names.Forward).Append('\n');
        }
        foreach (var chain in stale)
        {
            text.Append("-X ").Append(chain).Append('\n');
        }
        return (text.Append("COMMIT\n").ToString(), [.. wanted]);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Firewall applied: {Ports} filtered ports, {Bytes} bytes of iptables-restore input")]
    private partial void LogApplied(int ports, int bytes);
}
