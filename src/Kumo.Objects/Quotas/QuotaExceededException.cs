using Kumo.Objects.Errors;

namespace Kumo.Objects.Quotas;

/// <summary>One resource a request would take past its limit.</summary>
public sealed record QuotaOver(string Resource, long Requested, long Used, long Allowed);

/// <summary>
/// Nova's TooManyInstances (403): "Quota exceeded for cores: Requested 4, but already used 10 of 10
/// cores"; several resources are listed comma-separated in the same order in each part, as Nova does.
/// </summary>
public sealed class QuotaExceededException(IReadOnlyList<QuotaOver> overs) : KumoException(Describe(overs))
{
    public IReadOnlyList<QuotaOver> Overs { get; } = overs;

    public override int Code => 403;

    private static string Describe(IReadOnlyList<QuotaOver> overs)
    {
        var names = string.Join(", ", overs.Select(o => o.Resource));
        return $"Quota exceeded for {names}: Requested {string.Join(", ", overs.Select(o => o.Requested))}, "
            + $"but already used {string.Join(", ", overs.Select(o => o.Used))} of {string.Join(", ", overs.Select(o => o.Allowed))} {names}";
    }
}
