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
    /// <summary>
    /// The chosen host (Nova's host_subset_size): the highest weighed, or with a subset size above 1
    /// one of that many best at random, so that schedulers with the same view spread their picks
    /// instead of all racing for one host. <paramref name="hosts"/> must not be empty.
    /// </summary>
    public static HostState Choose(IReadOnlyList<HostState> hosts, IReadOnlyList<IHostWeigher> weighers, RequestSpec spec, int subsetSize = 1)
    {
        var totals = Weigh(hosts, weighers, spec);
        if (subsetSize <= 1)
        {
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
        var subset = Enumerable.Range(0, hosts.Count)
            .OrderByDescending(i => totals[i]).ThenBy(i => hosts[i].Node, StringComparer.Ordinal)
            .Take(subsetSize).ToArray();
        return hosts[subset[Random.Shared.Next(subset.Length)]];
    }

    private static double[] Weigh(IReadOnlyList<HostState> hosts, IReadOnlyList<IHostWeigher> weighers, RequestSpec spec)
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
        return totals;
    }
}
