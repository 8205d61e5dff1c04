using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Periodic;

/// <summary>
/// Runs a compute host's periodic tasks (Nova's periodic_task): each on its own interval, one run at a
/// time per task, failures logged and retried at the next tick. Stops when disposed.
/// </summary>
public sealed partial class PeriodicTasks(TimeProvider time, ILogger<PeriodicTasks> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    /// <summary>Starts a task; a zero or negative interval disables it (as Nova's -1 does).</summary>
    public void Add(string name, TimeSpan interval, Func<CancellationToken, Task> task)
    {
        if (interval <= TimeSpan.Zero)
        {
            LogDisabled(name);
            return;
        }
        _loops.Add(Task.Run(() => LoopAsync(name, interval, task)));
    }

    private async Task LoopAsync(string name, TimeSpan interval, Func<CancellationToken, Task> task)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var started = time.GetTimestamp();
                try
                {
                    await task(_stop.Token);
                    LogRan(name, time.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
                {
                    LogFailed(name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Periodic task {Name} ran in {Milliseconds:0.0} ms")]
    private partial void LogRan(string name, double milliseconds);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Periodic task {Name} failed; it runs again at its next interval")]
    private partial void LogFailed(string name, Exception ex);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Periodic task {Name} is disabled")]
    private partial void LogDisabled(string name);
}
