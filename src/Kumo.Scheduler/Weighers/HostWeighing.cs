using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Hosts;

namespace Kumo.Scheduler.Weighers;

/// <summary>
/// Nova's weighing (nova/weights.py): each weigher's raw values are scaled to 0..1 over the candidates
/// (all equal → 0), multiplied by the weigher's multiplier and summed. The highest wins; ties go to the
/// first node name, so a decision is reproducible.
/// </summary>
public static class HostWeighing
{
    /// <summary>The highest weighed host (Nova's host_subset_size = 1); <paramref name="hosts"/> must not be empty.</summary>
    public static HostState Best(IReadOnlyList<HostState> hosts, IReadOnlyList<IHostWeigher> weighers, RequestSpec spec)
    {
        var totals = new double[hosts.Count];
        var raw = new double[hosts.Count];
        foreach (var weigher in weighers)
        {
            if (weigher.Multiplier == 0)
            {
                continue;
            }
            double min = double.MaxValue, max = double.MinValue;
            for (var i = 0; i < hosts.Count; i++)
            {
                raw[i] = weigher.RawWeight(hosts[i], spec);
                min = Math.Min(min, raw[i]);
                max = Math.Max(max, raw[i]);
            }
            var range = max - min;
            for (var i = 0; i < hosts.Count; i++)
            {
                totals[i] += weigher.Multiplier * (range == 0 ? 0 : (raw[i] - min) / range);
            }
        }
        var best = 0;
        for (var i = 1; i < hosts.Count; i++)
        {
            if (totals[i] > totals[best] || totals[i] == totals[best] && string.CompareOrdinal(hosts[i].Node, hosts[best].Node) < 0)
            {
                best = i;
            }
        }
        return hosts[best];
    }
}
