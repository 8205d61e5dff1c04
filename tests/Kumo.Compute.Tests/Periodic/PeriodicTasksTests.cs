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
        var runs = 0;
        var failures = 0;
        var periodic = new PeriodicTasks(time, NullLogger<PeriodicTasks>.Instance);
        periodic.Add("counts", TimeSpan.FromMinutes(1), _ => { Interlocked.Increment(ref runs); return Task.CompletedTask; });
        periodic.Add("fails", TimeSpan.FromMinutes(1), _ => { Interlocked.Increment(ref failures); throw new InvalidOperationException("boom"); });
        periodic.Add("disabled", TimeSpan.Zero, _ => throw new InvalidOperationException("must never run"));

        for (var minute = 1; minute <= 3; minute++)
        {
            await Task.Delay(20); // let the loops reach their timers
            time.Advance(TimeSpan.FromMinutes(1));
            await WaitUntil(() => Volatile.Read(ref runs) >= minute && Volatile.Read(ref failures) >= minute);
        }
        await periodic.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(20);

        Assert.Equal(3, runs);
        Assert.Equal(3, failures);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(5);
        }
    }
}
