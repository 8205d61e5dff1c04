using Kumo.Objects.Errors;

namespace Kumo.Scheduler;

/// <summary>
/// No host can take the request. Unlike Nova's bare "No valid host was found.", the message names
/// every host and why it was rejected.
/// </summary>
public sealed class NoValidHostException(IReadOnlyDictionary<string, string> reasons, bool neverFits)
    : KumoException(Describe(reasons, neverFits))
{
    public IReadOnlyDictionary<string, string> Reasons { get; } = reasons;

    /// <summary>True when no host could take it even empty: the request itself is wrong (400), not the cloud's load.</summary>
    public bool NeverFits { get; } = neverFits;

    public override int Code => NeverFits ? 400 : 500;

    private static string Describe(IReadOnlyDictionary<string, string> reasons, bool neverFits)
    {
        if (reasons.Count == 0)
        {
            return "No valid host was found: no compute service has reported in. Start one (kumo compute) and retry.";
        }
        var prefix = neverFits
            ? "No valid host was found: the flavor is larger than every compute host"
            : "No valid host was found: every compute host is full";
        return prefix + ": " + string.Join("; ", reasons.Select(r => $"{r.Key}: {r.Value}"));
    }
}
