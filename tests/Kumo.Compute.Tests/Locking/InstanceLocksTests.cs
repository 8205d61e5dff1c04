using Kumo.Compute.Locking;

namespace Kumo.Compute.Tests.Locking;

public sealed class InstanceLocksTests
{
    [Fact]
    public async Task Operations_on_one_instance_never_interleave_and_other_instances_run_meanwhile()
    {
        var locks = new InstanceLocks();
        var uuid = Guid.NewGuid();
        var inside = 0;
        var maxInside = 0;
        async Task Operation()
        {
            using var _ = await locks.AcquireAsync(uuid);
            var now = Interlocked.Increment(ref inside);
            maxInside = Math.Max(maxInside, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref inside);
        }

        var sameInstance = Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(Operation)));
        using (await locks.AcquireAsync(Guid.NewGuid()).WaitAsync(TimeSpan.FromSeconds(1)))
        {
            // Another instance's lock is free while the first one is busy.
        }
        await sameInstance;

        Assert.Equal(1, maxInside);
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task A_cancelled_wait_does_not_leak_an_entry()
    {
        var locks = new InstanceLocks();
        var uuid = Guid.NewGuid();
        var held = await locks.AcquireAsync(uuid);
        using var cts = new CancellationTokenSource(20);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => locks.AcquireAsync(uuid, cts.Token));
        held.Dispose();
        Assert.Equal(0, locks.Count);
    }
}
