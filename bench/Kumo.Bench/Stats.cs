namespace Kumo.Bench;

/// <summary>Order statistics over a handful of samples.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyCollection<double> samples) => Percentile(samples, 50);

    /// <summary>
    /// Linear interpolation between closest ranks (numpy's default), so the p95 of 10 boots lies
    /// between the 9th and 10th value instead of being just the maximum.
    /// </summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double percent)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }
        var sorted = samples.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static double Mean(IReadOnlyCollection<double> samples) => samples.Count == 0 ? double.NaN : samples.Average();
}
