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
public sealed partial class IptablesFirewallDriver(IptablesManager iptables, IptablesChainNames names, ILogger<IptablesFirewallDriver> logger) : IFirewallDriver
{
    private readonly Dictionary<Guid, PortFilter> _filters = [];
    private readonly SemaphoreSlim _applying = new(1, 1);

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
            _filters[filter.Port.PortId] = filter;
        }
    }

    public void RemovePortFilter(Guid portId)
    {
        lock (_filters)
        {
            _filters.Remove(portId);
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
            lock (_filters)
            {
                filters = [.. _filters.Values];
            }
            var save = await iptables.SaveFilterAsync(cancellationToken);
            var rules = Build(filters, save, removeAll);
            await iptables.RestoreAsync(rules, cancellationToken);
            LogApplied(filters.Count, rules.Length);
        }
        finally
        {
            _applying.Release();
        }
    }

    private string Build(IReadOnlyList<PortFilter> filters, string save, bool removeAll)
    {
        var existing = IptablesManager.Chains(save, names.Prefix + "-");
        var wanted = new List<string>();
        if (!removeAll)
        {
            wanted.AddRange([names.Forward, names.SgChain, names.Fallback]);
            wanted.AddRange(filters.SelectMany(f => new[] { names.Ingress(f.Port.PortId), names.Egress(f.Port.PortId), names.Spoof(f.Port.PortId) }));
        }
        var stale = existing.Except(wanted, StringComparer.Ordinal).ToList();
        var jump = $"-A FORWARD -j {names.Forward}";
        var hasJump = save.Split('\n').Any(l => l.Trim() == jump);

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
        return text.Append("COMMIT\n").ToString();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Firewall applied: {Ports} filtered ports, {Bytes} bytes of iptables-restore input")]
    private partial void LogApplied(int ports, int bytes);
}
