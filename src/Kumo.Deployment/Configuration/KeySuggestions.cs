namespace Kumo.Deployment.Configuration;

/// <summary>The known key nearest to a mistyped one (edit distance, case-insensitive), for "did you mean".</summary>
internal static class KeySuggestions
{
    public static string? Nearest(string key, IEnumerable<string> known)
    {
        var wanted = key.ToLowerInvariant();
        var wantedLast = LastSegment(wanted);
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var candidate in known)
        {
            var lower = candidate.ToLowerInvariant();
            // Right option under the wrong section (Api:MaxConcurrentBuilds) is the commonest slip.
            var score = LastSegment(lower) == wantedLast ? 1 : Distance(wanted, lower);
            if (score < bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }
        return bestScore <= Math.Max(2, wanted.Length / 4) ? best : null;
    }

    private static string LastSegment(string key) => key[(key.LastIndexOf(':') + 1)..];

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
