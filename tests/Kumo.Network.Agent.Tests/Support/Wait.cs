using System.Diagnostics;

namespace Kumo.Network.Agent.Tests.Support;

/// <summary>Wait-for-condition instead of sleeps: polls every 10 ms, fails naming what never happened.</summary>
public static class Wait
{
    public static async Task<T> ForAsync<T>(Func<T?> probe, TimeSpan timeout, string what)
        where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}.");
            }
            await Task.Delay(10);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await probe())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}.");
            }
            await Task.Delay(10);
        }
    }
}
