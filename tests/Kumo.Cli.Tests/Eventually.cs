using System.Diagnostics;

namespace Kumo.Cli.Tests;

/// <summary>Waits for a condition a service reaches on its own time, failing with what was awaited.</summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, int pollMs = 50)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(pollMs);
        }
    }
}
