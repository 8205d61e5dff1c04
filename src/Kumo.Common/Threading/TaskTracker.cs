using System.Collections.Concurrent;

namespace Kumo.Common.Threading;

/// <summary>
/// Fire-and-forget work that shutdown must still wait for: tasks are tracked while they run and
/// dropped when done, so stopping a service never cuts an operation in half.
/// </summary>
public sealed class TaskTracker
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public void Track(Task task)
    {
        _running[task] = 0;
        task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when everything tracked so far has finished.</summary>
    public Task WhenAll() => Task.WhenAll(_running.Keys);
}
