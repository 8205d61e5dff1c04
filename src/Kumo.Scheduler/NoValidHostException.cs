using Kumo.Objects.Errors;
using Kumo.Scheduler.Filters;

namespace Kumo.Scheduler;

/// <summary>
/// No host can take the request. Unlike Nova's bare "No valid host was found.", the message names
/// each host, the filter that removed it and why (the first <see cref="MaxListed"/> of them, then a
/// count per filter).
/// </summary>
public sealed class NoValidHostException(IReadOnlyList<HostRejection> rejections, bool neverFits)
    : KumoException(Describe(rejections, neverFits))
{
    public const int MaxListed = 10;

    public IReadOnlyList<HostRejection> Rejections { get; } = rejections;

    /// <summary>True when no host could take it even empty: the request itself is wrong (400), not the cloud's load.</summary>
    public bool NeverFits { get; } = neverFits;

    public override int Code => NeverFits ? 400 : 500;

    private static string Describe(IReadOnlyList<HostRejection> rejections, bool neverFits)
    {
        if (rejections.Count == 0)
        {
            return "No valid host was found: no compute service has reported in. Start one (kumo compute) and retry.";
        }
        var prefix = neverFits ? "No valid host was found: the flavor is larger than every compute host"
            : rejections.All(r => r.Filter == ResourceFilter.FilterName) ? "No valid host was found: every compute host is full"
            : "No valid host was found: no compute host passed the filters";
        var listed = string.Join("; ", rejections.Take(MaxListed));
        if (rejections.Count <= MaxListed)
        {
            return $"{prefix}: {listed}";
        }
        var rest = rejections.Skip(MaxListed).GroupBy(r => r.Filter).Select(g => $"{g.Key} {g.Count()}");
        return $"{prefix}: {listed}; and {rejections.Count - MaxListed} more hosts ({string.Join(", ", rest)})";
    }
}
