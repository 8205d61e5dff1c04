namespace Kumo.Bench.Api;

/// <summary>
/// The build timeline of each measured server (the create action's events, as an admin reads them):
/// per step, the median milliseconds, so a slow ratio names the step that costs.
/// </summary>
internal sealed class BuildStepTimes
{
    private const string Prefix = "compute_build_";

    private readonly Dictionary<string, List<double>> _steps = [];
    private readonly List<string> _order = [];

    public void Add(IReadOnlyList<(string Event, DateTime Start, DateTime Finish)> events)
    {
        foreach (var (name, start, finish) in events.Where(e => e.Event.StartsWith(Prefix, StringComparison.Ordinal)).OrderBy(e => e.Start))
        {
            if (!_steps.TryGetValue(name, out var samples))
            {
                _steps[name] = samples = [];
                _order.Add(name);
            }
            samples.Add((finish - start).TotalMilliseconds);
        }
    }

    /// <summary>&lt;prefix&gt;&lt;step&gt;_p50_ms per step, in the order the build starts them (steps may overlap).</summary>
    public void AddTo(Figures figures, string prefix)
    {
        foreach (var name in _order)
        {
            figures.Add($"{prefix}{name[Prefix.Length..]}_p50_ms", Stats.Median(_steps[name]), 1);
        }
    }
}
