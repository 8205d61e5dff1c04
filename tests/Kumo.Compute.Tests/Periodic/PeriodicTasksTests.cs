using Kumo.Compute.Periodic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Compute.Tests.Periodic;

public sealed class PeriodicTasksTests
{
    [Fact]
    public async Task Tasks_run_on_their_interval_keep_running_after_a_failure_and_stop_when_disposed()
    {
        var time = new FakeTimeProvider();
        int runs = 0, failures = 0, disabledRuns = 0;
        var periodic = new PeriodicTasks(time, NullLogger<PeriodicTasks>.Instance);
        periodic.Add("counts", TimeSpan.FromMinutes(1), _ => { Interlocked.Increment(ref runs); return Task.CompletedTask; });
        periodic.Add("fails", TimeSpan.FromMinutes(1), _ => { Interlocked.Increment(ref failures); throw new InvalidOperationException("boom"); });
        periodic.Add("disabled", TimeSpan.Zero, _ => { Interlocked.Increment(ref disabledRuns); return Task.CompletedTask; });

        // Minutes pass until each task has run three times (loops start asynchronously, so keep ticking).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref runs) < 3 || Volatile.Read(ref failures) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"runs {runs}, failures {failures}");
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }
        await periodic.DisposeAsync();
        var (runsAtStop, failuresAtStop) = (runs, failures);
        time.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(50);

        Assert.Equal((runsAtStop, failuresAtStop), (runs, failures));
        Assert.Equal(0, disabledRuns);
    }

    [Fact]
    public async Task A_task_never_runs_twice_at_once_even_when_slower_than_its_interval()
    {
        var time = new FakeTimeProvider();
        int running = 0, overlap = 0, runs = 0;
        var release = new SemaphoreSlim(0);
        await using var periodic = new PeriodicTasks(time, NullLogger<PeriodicTasks>.Instance);
        periodic.Add("slow", TimeSpan.FromSeconds(1), async _ =>
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                Interlocked.Increment(ref overlap);
            }
            await release.WaitAsync();
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref runs);
        });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref runs) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline);
            time.Advance(TimeSpan.FromSeconds(5)); // several intervals while the task is still running
            await Task.Delay(10);
            release.Release();
        }
        Assert.Equal(0, overlap);
    }
}
