using Kumo.Objects.Actions;
using Kumo.Virt.Progress;

namespace Kumo.Compute.Timeline;

/// <summary>
/// The steps of one build, kept in memory while it runs and written as events of the create action
/// in the same write that finishes the action: one write per build however many steps it has, so
/// the fake-driver build path (about 1,000 builds/s) does not pay a database round trip per step.
/// </summary>
public sealed class BuildTimeline(string host, TimeProvider time) : IBuildTimeline
{
    private readonly Lock _lock = new();
    private readonly List<InstanceActionEvent> _steps = [];

    public int Start(string eventName)
    {
        var step = new InstanceActionEvent { Event = eventName, StartTime = time.GetUtcNow(), Host = host };
        lock (_lock)
        {
            _steps.Add(step);
            return _steps.Count - 1;
        }
    }

    public void Finish(int step, bool succeeded)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (step >= 0 && step < _steps.Count && _steps[step].FinishTime is null)
            {
                _steps[step] = _steps[step] with { FinishTime = now, Result = succeeded ? ActionNames.ResultSuccess : ActionNames.ResultError };
            }
        }
    }

    /// <summary>
    /// The steps so far, in the order they started. One still running when the build ended (it was
    /// cancelled or timed out around it) is finished now as "Error": an event left unfinished would
    /// read as still running forever.
    /// </summary>
    public IReadOnlyList<InstanceActionEvent> Completed()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return [.. _steps.Select(s => s.FinishTime is null ? s with { FinishTime = now, Result = ActionNames.ResultError } : s)];
        }
    }
}
