using Kumo.Db.Stores;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Deployment.AllInOne;

/// <summary>Polls an instance as a user would, until it settles (ACTIVE or ERROR) or is gone.</summary>
public static class InstanceWaiter
{
    /// <summary>ACTIVE, ERROR, or SHUTOFF (a guest that stopped itself), with no operation in flight.</summary>
    public static bool IsSettled(Instance instance) =>
        instance.TaskState is null && instance.VmState is VmState.Active or VmState.Error or VmState.Stopped;

    public static Task<Instance> WaitForSettledAsync(IInstanceStore instances, Guid uuid, TimeSpan timeout,
        Action<Instance>? onChange = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default) =>
        WaitForAsync(instances, uuid, IsSettled, "settle", timeout, onChange, pollInterval, cancellationToken);

    /// <summary>
    /// Polls until <paramref name="condition"/> holds for the instance; <paramref name="onChange"/> sees each
    /// new vm/task state. The timeout says what was awaited and what the instance is instead.
    /// </summary>
    public static async Task<Instance> WaitForAsync(IInstanceStore instances, Guid uuid, Func<Instance, bool> condition, string awaited,
        TimeSpan timeout, Action<Instance>? onChange = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (true)
        {
            var instance = await instances.GetAsync(uuid, cancellationToken: cancellationToken);
            var state = $"{instance.VmState}/{instance.TaskState}";
            if (state != last)
            {
                onChange?.Invoke(instance);
                last = state;
            }
            if (condition(instance))
            {
                return instance;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Instance {uuid} did not {awaited} within {timeout.TotalSeconds:0} s; it is {instance.VmState.ToNovaName()}/{instance.TaskState.ToNovaName() ?? "none"}, power {instance.PowerState.ToNovaName()}.");
            }
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the action of <paramref name="requestId"/> on the instance has finished: the very last
    /// step of an operation (create.end and the event's result are written just after ACTIVE).
    /// </summary>
    public static async Task WaitForActionFinishedAsync(IInstanceActionStore actions, Guid uuid, string requestId, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await actions.GetAsync(uuid, requestId, cancellationToken))?.FinishTime is null)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The action of request {requestId} on instance {uuid} did not finish within {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>Waits until the instance record is gone (deleted), as a client polling for 404 does.</summary>
    public static async Task WaitForDeletedAsync(IInstanceStore instances, Guid uuid, TimeSpan timeout,
        TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await instances.TryGetAsync(uuid, cancellationToken: cancellationToken) is { } instance)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Instance {uuid} was not deleted within {timeout.TotalSeconds:0} s; it is {instance.VmState.ToNovaName()}/{instance.TaskState.ToNovaName() ?? "none"}.");
            }
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>
    /// Waits for a whole line containing <paramref name="marker"/> in the console output (the guest may be
    /// mid-write, so the line counts only once its newline arrived); returns the whole output.
    /// </summary>
    public static async Task<string> WaitForConsoleAsync(Func<Task<string>> readConsole, string marker, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var output = await readConsole();
            var at = output.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && output.IndexOf('\n', at) >= 0)
            {
                return output;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The console did not show '{marker}' within {timeout.TotalSeconds:0} s. Last output:\n{Tail(output, 20)}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
