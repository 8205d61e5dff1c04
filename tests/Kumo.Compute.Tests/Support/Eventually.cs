namespace Kumo.Compute.Tests.Support;

/// <summary>Waits for a condition that another task makes true (a poll, never a fixed sleep).</summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting to {awaited}.");
            }
            await Task.Delay(10);
        }
    }
}
